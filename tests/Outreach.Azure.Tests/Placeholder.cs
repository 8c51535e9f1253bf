namespace Outreach.Azure.Tests;
