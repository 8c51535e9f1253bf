using System.Globalization;
using Outreach.Cli;

// Dates print as ISO 8601 whatever the machine's locale (a th-TH or ar-SA calendar would change the year).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
return await OutreachCli.RunAsync(args, CliEnvironment.FromProcess());
