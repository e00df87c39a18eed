import GitAgentsCLI
GitAgents.main()
