using System.Text.Json;
using CommHub.Web.Features.Account;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommHub.Web;

public static class OperationsEndpoints
{
    /// <summary>Health probes and the Hangfire dashboard.</summary>
    public static IEndpointRouteBuilder MapCommHubOperations(this IEndpointRouteBuilder endpoints)
    {
        // Live: the process answers. Ready: and its database does.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteJson });

        // Authorization is the endpoint's (Admins only: others get the access-denied page),
        // so Hangfire's own local-requests-only filter is replaced by none.
        endpoints.MapHangfireDashboard("/jobs", new DashboardOptions
        {
            Authorization = Array.Empty<IDashboardAuthorizationFilter>(),
            DashboardTitle = "CommHub jobs",
            AppPath = "/",
        }).RequireAuthorization(Policies.Admin);
        return endpoints;
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
