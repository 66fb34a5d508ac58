from ingresslint.cli import main

main()
