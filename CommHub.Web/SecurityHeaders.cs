using System.Security.Cryptography;

namespace CommHub.Web;

/// <summary>
/// Headers every response carries, pages, files, endpoints and the Hangfire dashboard alike: no type sniffing, no
/// framing by another site, and no full address sent on to other sites. App pages get a script policy: only the app's
/// own script files run, plus the one inline import map with this request's nonce. Where a response sets its own policy
/// (the file endpoint's sandbox) that one stays.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "CommHub.ScriptNonce";

    // What Blazor sets on its pages by itself; the page policy below includes it.
    private const string FrameAncestors = "frame-ancestors 'self'";

    /// <summary>The nonce this request's page policy allows inline scripts with (App.razor gives it to the import map).</summary>
    public static string? ScriptNonce(HttpContext context) => context.Items[NonceKey] as string;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "SAMEORIGIN";
                if (string.IsNullOrEmpty(headers["Referrer-Policy"])) headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                var policy = headers.ContentSecurityPolicy.ToString();
                if (IsAppPage(context) && (policy.Length == 0 || policy == FrameAncestors)) headers.ContentSecurityPolicy = PagePolicy(nonce);
                else if (policy.Length == 0) headers.ContentSecurityPolicy = FrameAncestors;
                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>
    /// Scripts: the app's files and the nonce'd import map (Blazor Server needs no eval). Styles: MudBlazor sets inline
    /// styles. Images and frames stay open: an email's remote images load in its sandboxed frame once an agent asks.
    /// </summary>
    internal static string PagePolicy(string nonce) =>
        $"script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; {FrameAncestors}";

    // The Hangfire dashboard and the API reference (Scalar) have inline scripts of their own, so they keep the frame-only policy.
    private static bool IsAppPage(HttpContext context) =>
        context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
        && !context.Request.Path.StartsWithSegments("/jobs") && !context.Request.Path.StartsWithSegments("/api/docs");
}
