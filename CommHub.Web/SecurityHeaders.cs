namespace CommHub.Web;

/// <summary>
/// Headers every response carries, pages, files, endpoints and the Hangfire dashboard alike: no type sniffing, no
/// framing by another site, and no full address sent on to other sites. Where a response sets its own policy (Blazor's
/// <c>frame-ancestors</c>, the file endpoint's sandbox) that one stays.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "SAMEORIGIN";
                if (string.IsNullOrEmpty(headers["Referrer-Policy"])) headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                if (string.IsNullOrEmpty(headers.ContentSecurityPolicy)) headers.ContentSecurityPolicy = "frame-ancestors 'self'";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
