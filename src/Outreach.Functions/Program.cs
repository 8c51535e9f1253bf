using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Outreach.Azure;
using Outreach.Functions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services
    .AddTableStorage(builder.Configuration)
    .AddOutreachCore()
    .AddSms(builder.Configuration)
    .AddLinkPages();
builder.Build().Run();
