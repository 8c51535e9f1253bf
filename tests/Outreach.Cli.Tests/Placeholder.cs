namespace Outreach.Cli.Tests;
