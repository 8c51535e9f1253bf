namespace Outreach.Core.Tests;
