from thaw_cli.cli import main

main()
