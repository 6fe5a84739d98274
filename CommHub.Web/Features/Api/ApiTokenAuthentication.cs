using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using CommHub.Core.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CommHub.Web.Features.Api;

/// <summary>
/// <c>Authorization: Bearer chp_...</c>: a personal access token becomes its user, with the user's roles as they are now and
/// the token's scope. Only the API's policies use this scheme, so the sign-in cookie never reaches /api/v1 (no CSRF there).
/// </summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string ScopeClaim = "commhub:scope";
    public const string TokenClaim = "commhub:token";
    private const string RefusalKey = "CommHub.ApiTokenRefusal";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var result = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (!result.Succeeded)
        {
            Context.Items[RefusalKey] = result.ErrorText;
            return AuthenticateResult.Fail(result.ErrorText);
        }
        var token = result.Value!;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, token.UserId),
            new(ClaimTypes.Name, token.Email ?? token.UserName),
            new(ScopeClaim, token.Scope.ToString()),
            new(TokenClaim, token.TokenId.ToString(CultureInfo.InvariantCulture)),
        };
        claims.AddRange(token.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = Context.Items[RefusalKey] as string
            ?? "Send a personal access token as 'Authorization: Bearer <token>'; make one on your profile's API tokens page.";
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in", detail: detail).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed",
            detail: "Your role or this token's scope does not allow this request.").ExecuteAsync(Context);
}
