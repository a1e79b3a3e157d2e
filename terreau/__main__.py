from terreau.cli import main

main()
