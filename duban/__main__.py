"""python -m duban"""

from duban.cli import main

main()
