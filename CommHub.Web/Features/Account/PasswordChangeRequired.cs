using System.Security.Claims;
using CommHub.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommHub.Web.Features.Account;

/// <summary>Adds to the sign-in cookie that the user's password was reset by an admin and must be changed first.</summary>
public sealed class CommHubClaimsFactory(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    public const string MustChangePasswordClaim = "commhub:must-change-password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword) identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        return identity;
    }
}

/// <summary>
/// A user signed in with a one-time password reaches nothing but the password page (and signing out) until they have
/// chosen their own: every other page, and the live connection pages run on, sends them there.
/// </summary>
public static class PasswordChangeRequired
{
    public const string PasswordPage = "/account/password";

    public static IApplicationBuilder UsePasswordChangeRequired(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (context.User.HasClaim(CommHubClaimsFactory.MustChangePasswordClaim, "true")
            && !path.StartsWithSegments("/account") && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content")
            && !path.StartsWithSegments("/health") && !Path.HasExtension(path.Value))
        {
            if (path.StartsWithSegments("/_blazor") || !HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            context.Response.Redirect(PasswordPage);
            return;
        }
        await next();
    });
}
