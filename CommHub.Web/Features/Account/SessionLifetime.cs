using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CommHub.Web.Features.Account;

/// <summary>An absolute limit on a sign-in session, on top of the sliding idle timeout.</summary>
internal static class SessionLifetime
{
    internal const string SignedInAtKey = ".commhub.signedInAt";

    public static void Apply(CookieAuthenticationOptions cookie, TimeSpan absoluteLifetime)
    {
        var validateStamp = cookie.Events.OnValidatePrincipal;
        var signingIn = cookie.Events.OnSigningIn;
        cookie.Events.OnSigningIn = context =>
        {
            // Kept across sliding renewals and stamp refreshes, which reuse the properties.
            context.Properties.Items.TryAdd(SignedInAtKey, Now(context.HttpContext).ToString("O", CultureInfo.InvariantCulture));
            return signingIn(context);
        };
        cookie.Events.OnValidatePrincipal = async context =>
        {
            var started = context.Properties.Items.TryGetValue(SignedInAtKey, out var value)
                && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at
                : context.Properties.IssuedUtc ?? DateTimeOffset.MinValue;
            if (Now(context.HttpContext) - started >= absoluteLifetime)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(context.Scheme.Name);
                return;
            }
            await validateStamp(context);
        };
    }

    private static DateTimeOffset Now(HttpContext context) =>
        context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
}
