import ChiboCLI

await ChiboCommand.main()
