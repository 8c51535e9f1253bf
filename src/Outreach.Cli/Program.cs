using Outreach.Cli;

return await OutreachCli.RunAsync(args, CliEnvironment.FromProcess());
