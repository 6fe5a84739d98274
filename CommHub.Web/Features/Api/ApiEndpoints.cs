using System.Text.Json.Serialization;
using CommHub.Web.Features.Account;
using CommHub.Web.Features.Analytics;
using CommHub.Web.Features.Channels;
using CommHub.Web.Features.Contacts;
using CommHub.Web.Features.Conversations;
using CommHub.Web.Features.Templates;
using CommHub.Web.RateLimits;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CommHub.Web.Features.Api;

/// <summary>
/// The REST API's composition: <c>/api/v1</c> (each feature maps its own endpoints beside its pages), problem details,
/// JSON in camelCase with enums as text, the per-token rate limit, and the OpenAPI document with its reference page.
/// </summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";
    public const string DocsPath = "/api/docs";

    public static IServiceCollection AddCommHubApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = "CommHub API", Version = "v1", Description = "See docs/api.md: tokens, pagination, errors, idempotency." };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "A personal access token (chp_...).",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapCommHubApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix)
            .RequireRateLimiting(RateLimitPolicies.Api)
            .AddEndpointFilter(async (context, next) =>
            {
                // A 404 of the API is problem details, not the app's "not found" page.
                if (context.HttpContext.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
                return await next(context);
            })
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapConversationsApi();
        api.MapChannelsApi();
        api.MapContactsApi();
        api.MapTemplatesApi();
        api.MapStatisticsApi();
        // Anything else under /api is a problem too, not the app's "not found" page.
        endpoints.Map("/api/{**rest}", () => ApiResults.NotFound("There is no such API endpoint; the reference is at /api/docs/."))
            .ExcludeFromDescription();

        // The document and its reference page are for signed-in staff (the cookie), like the pages.
        endpoints.MapOpenApi().RequireAuthorization(Policies.Staff);
        endpoints.MapScalarApiReference(DocsPath, o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json").WithTitle("CommHub API"))
            .RequireAuthorization(Policies.Staff);
        return endpoints;
    }
}
