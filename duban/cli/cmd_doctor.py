"""duban doctor: what this machine has and lacks for each output."""

from __future__ import annotations

import typer

from duban.cli.root import app
from duban.usecases import doctor


@app.command("doctor", epilog="例：duban doctor")
def doctor_command() -> None:
    """检查本机能生成哪些输出（md、html、docx、pdf、xlsx，导入 .doc/.wps 纪要）：git、LibreOffice、
    Chromium（可选）在哪、什么版本，公文字体装了没有、没装时 PDF 会用哪些替代字体。缺必需的程序或字体时
    列出要装的 Debian 包并以状态 1 退出；只缺公文字体（用替代字体）算提醒，状态 0。不需要督办仓库。"""
    found = doctor.examine()
    for program in found.programs:
        if program.path:
            version = f" {program.version}" if program.version else ""
            typer.echo(f"✓ {program.name}{version}（{program.path}）：{program.used_for}")
        else:
            mark = "✗" if program.required else "-"
            typer.echo(f"{mark} {program.name} 未找到（{program.used_for}）：apt-get install {program.package}")
    if found.fonts_problem:
        typer.echo(f"✗ 中文字体：{found.fonts_problem}")
    else:
        for choice in found.fonts:
            if choice.real:
                typer.echo(f"✓ {choice.wanted}：{choice.face.family}（{choice.face.file}）")
            else:
                typer.echo(f"! {choice.wanted} 未装，PDF 用替代字体 {choice.face.label}（{choice.face.file}）")
        if any(not choice.real for choice in found.fonts):
            typer.echo("  PDF 可以生成，但字形、字宽与公文字体不同；装上公文字体后重新生成即可")
    typer.echo("各种输出：")
    for output in found.outputs:
        typer.echo(f"  {'✓' if output.works else '✗'} {output.name}：{output.detail}")
    if found.missing:
        typer.echo("缺少：" + "；".join(found.missing), err=True)
        raise typer.Exit(1)
