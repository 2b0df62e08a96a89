import ChiboDaemon

await Chibod.main()
