using CommHub.Core.Tokens;
using CommHub.Core.Users;
using Microsoft.AspNetCore.Authorization;

namespace CommHub.Web.Features.Api;

/// <summary>
/// The API's policies: the UI's role rules (staff for the inbox, contacts, templates and analytics; admins for channels and
/// webhooks) and, on top, the token's scope: read for GET, write to change things, admin for admins' changes.
/// </summary>
public static class ApiPolicies
{
    public const string Read = "api-read";
    public const string Write = "api-write";
    public const string AdminRead = "api-admin-read";
    public const string Admin = "api-admin";

    public static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => Api(p, Roles.Admin, Roles.Agent).RequireClaim(ApiTokenHandler.ScopeClaim, Scopes(TokenScope.Read)));
        options.AddPolicy(Write, p => Api(p, Roles.Admin, Roles.Agent).RequireClaim(ApiTokenHandler.ScopeClaim, Scopes(TokenScope.Write)));
        options.AddPolicy(AdminRead, p => Api(p, Roles.Admin).RequireClaim(ApiTokenHandler.ScopeClaim, Scopes(TokenScope.Read)));
        options.AddPolicy(Admin, p => Api(p, Roles.Admin).RequireClaim(ApiTokenHandler.ScopeClaim, Scopes(TokenScope.Admin)));
    }

    private static AuthorizationPolicyBuilder Api(AuthorizationPolicyBuilder policy, params string[] roles) =>
        policy.AddAuthenticationSchemes(ApiTokenHandler.SchemeName).RequireAuthenticatedUser().RequireRole(roles);

    // The scopes at least as wide as the one asked for.
    private static string[] Scopes(TokenScope atLeast) =>
        Enum.GetValues<TokenScope>().Where(s => s >= atLeast).Select(s => s.ToString()).ToArray();
}
