using CommHub.Core;
using CommHub.Infrastructure;
using CommHub.Web;
using CommHub.Web.Components;
using CommHub.Web.Features.Account;
using CommHub.Web.Features.Analytics;
using CommHub.Web.Features.Api;
using CommHub.Web.Features.Attachments;
using CommHub.Web.Features.Audit;
using CommHub.Web.Features.Channels;
using CommHub.Web.Features.Contacts;
using CommHub.Web.Features.Crew;

var builder = WebApplication.CreateBuilder(args);

// `dotnet run --project CommHub.Web -- --demo` fills an empty database with demo data.
if (args.Contains("--demo", StringComparer.OrdinalIgnoreCase))
    builder.Configuration.AddInMemoryCollection([new(StartupTasks.DemoSetting, "true")]);

builder.Services.AddHostedService<StartupTasks>();
builder.Services.AddCommHubCore();
builder.Services.AddCommHubInfrastructure(builder.Configuration);
builder.Services.AddCommHubWeb(builder.Configuration);

var app = builder.Build();

// `dotnet run --project CommHub.Web -- --rebuild-search` rebuilds the search index and exits.
if (args.Contains(CommHub.Infrastructure.Search.SearchRebuildCommand.Argument, StringComparer.OrdinalIgnoreCase))
    return await CommHub.Infrastructure.Search.SearchRebuildCommand.RunAsync(app.Services, Console.Out);

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

app.UseAuthentication();
app.UseAuthorization();
app.UsePasswordChangeRequired();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccountEndpoints();
app.MapFileEndpoints();
app.MapCrewEndpoints();
app.MapAnalyticsEndpoints();
app.MapAuditEndpoints();
app.MapContactEndpoints();
app.MapGmailEndpoints();
app.MapTelegramWebhook();
app.MapCommHubOperations();
app.MapCommHubApi();

app.Run();
return 0;

/// <summary>Entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
