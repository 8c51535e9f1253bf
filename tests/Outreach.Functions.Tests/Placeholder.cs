namespace Outreach.Functions.Tests;
