import ChiboCLI

await Chibo.main()
