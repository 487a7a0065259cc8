"""The office's documents: sandboxed Jinja templates, looked up in the office first, laid out as
Markdown, print-ready HTML and Word in the geometry of GB/T 9704-2012.

Each document's wording is one Markdown template. Its rendered text is read back as a few
kinds of blocks, and the same blocks are laid out for the browser and for Word, so that an
office that rewords a template gets all three formats from one file:

    # 机关标志                     the red masthead (发文机关标志)
    督〔2026〕17号 / 第3期          lines before the title: centred under the masthead, then the red rule
    ## 标题                        the title (2号 小标宋, centred)
    区住房和城乡建设局：           the first paragraph ending in "：" is the addressee (主送), flush left
    ### 一、…  /  #### （一）…      headings: 3号 黑体 / 3号 楷体
    | 单位 | 交办 | …              a table
    ---                            what follows is the signature block (署名, 成文日期), right-aligned
"""

from __future__ import annotations
