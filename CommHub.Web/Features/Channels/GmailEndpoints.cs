using CommHub.Infrastructure.Gmail;
using CommHub.Web.Features.Account;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CommHub.Web.Features.Channels;

/// <summary>
/// The browser side of "Connect with Google": the start sets the short-lived cookie holding the PKCE verifier and
/// sends the admin to Google; the callback checks it against the state and finishes. Both are for admins only.
/// Either way the admin lands on /channels with a message that only this server can have written.
/// </summary>
public static class GmailEndpoints
{
    public const string CallbackPath = "/channels/gmail/callback";
    private const string CookieName = "CommHub.GmailConnect";
    private const string NoticePurpose = "CommHub.Gmail.ConnectNotice.v1";

    public static IEndpointRouteBuilder MapGmailEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var gmail = endpoints.MapGroup("/channels/gmail").RequireAuthorization(Policies.Admin);
        gmail.MapGet("/{id:int}/connect", StartAsync);
        gmail.MapGet("/callback", CallbackAsync);
        return endpoints;
    }

    /// <summary>The message for the channels page, from the protected query value, or null when it is not ours or too old.</summary>
    public static (bool Succeeded, string Text)? ReadNotice(IDataProtectionProvider dataProtection, string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        try
        {
            var text = dataProtection.CreateProtector(NoticePurpose).ToTimeLimitedDataProtector().Unprotect(value);
            return (text[0] == '+', text[1..]);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static async Task<IResult> StartAsync(int id, HttpContext context, GmailConnectService connect, IOptions<SecurityOptions> security, CancellationToken ct)
    {
        var started = await connect.BeginAsync(id, UserId(context), RedirectUri(context), ct);
        if (!started.Succeeded) return BackToChannels(context, false, started.ErrorText);
        context.Response.Cookies.Append(CookieName, started.Value!.Cookie, new CookieOptions
        {
            HttpOnly = true,
            // Lax: the cookie must come along on the top-level navigation back from Google.
            SameSite = SameSiteMode.Lax,
            Secure = security.Value.CookieSecurePolicy == CookieSecurePolicy.Always || context.Request.IsHttps,
            Path = "/channels/gmail",
            MaxAge = context.RequestServices.GetRequiredService<IOptions<GmailOptions>>().Value.ConnectTimeout,
        });
        return Results.Redirect(started.Value.AuthorizationUrl);
    }

    private static async Task<IResult> CallbackAsync(HttpContext context, GmailConnectService connect, CancellationToken ct)
    {
        var query = context.Request.Query;
        var cookie = context.Request.Cookies[CookieName];
        // Single use: whatever the outcome, this browser's pending connect is over.
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/channels/gmail" });
        var result = await connect.CompleteAsync(
            new GmailCallback(query["state"], query["code"], query["error"]), cookie, UserId(context), RedirectUri(context), ct);
        return BackToChannels(context, result.Succeeded, result.Succeeded ? result.Value! : result.ErrorText);
    }

    private static IResult BackToChannels(HttpContext context, bool succeeded, string message)
    {
        var protector = context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(NoticePurpose).ToTimeLimitedDataProtector();
        var notice = protector.Protect((succeeded ? "+" : "-") + message, TimeSpan.FromMinutes(5));
        return Results.Redirect("/channels?gmail=" + Uri.EscapeDataString(notice));
    }

    private static string UserId(HttpContext context) =>
        context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";

    private static string RedirectUri(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<GmailOptions>>().Value.RedirectUri
        ?? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{CallbackPath}";
}
