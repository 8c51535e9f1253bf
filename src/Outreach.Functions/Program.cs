using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Outreach.Adapters;
using Outreach.Functions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services
    .AddOutreach(builder.Configuration)
    .AddLinkPages();
builder.Build().Run();
