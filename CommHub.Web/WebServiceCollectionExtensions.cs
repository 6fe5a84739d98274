using CommHub.Core.Common;
using CommHub.Core.Data;
using CommHub.Core.Users;
using CommHub.Web.Features.Account;
using CommHub.Web.RateLimits;
using CommHub.Web.Features.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;

namespace CommHub.Web;

public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddCommHubWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<Components.Shared.BrowserTimeZone>();
        services.AddSingleton<Features.Attachments.InlineImageLinks>();
        // One per circuit, also injected into the layout, which reports when its page is hidden or idle.
        services.AddScoped<Features.Rules.PresenceCircuitHandler>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<Features.Rules.PresenceCircuitHandler>());

        services.AddValidatedOptions<SecurityOptions>(SecurityOptions.Section)
            .Validate(o => o.HasValidLifetimes, SecurityOptions.InvalidLifetimes);
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();

        services.AddSingleton<SignInThrottle>();
        services.AddCommHubRateLimits();
        services.AddValidatedOptions<Features.Crew.CrewOptions>(Features.Crew.CrewOptions.Section)
            .Validate(o => o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay && o.LocationTimeout > TimeSpan.Zero,
                "CommHub:Crew needs FirstRetryDelay above zero, MaxRetryDelay at least as long, and LocationTimeout above zero.");
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, Features.Api.ApiTokenHandler>(Features.Api.ApiTokenHandler.SchemeName, null);
        services.AddAuthorization(Policies.Configure);
        services.AddAuthorization(Features.Api.ApiPolicies.Configure);
        services.AddCommHubApi();
        services.Configure<CommHub.Core.Tokens.AccessTokenOptions>(o => o.RecheckInterval = security.SessionRevalidationInterval);

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                // OWASP ASVS 5: at least 12 characters (and at most 128, see PasswordMaxLengthValidator), no composition rules.
                options.Password.RequiredLength = PasswordMaxLengthValidator.MinLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                // No account-wide hard lock (anyone could keep a person out): SignInThrottle locks per account and client.
                options.Lockout.AllowedForNewUsers = false;
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CommHubDbContext>()
            .AddSignInManager<CommHubSignInManager>()
            .AddClaimsPrincipalFactory<CommHubClaimsFactory>()
            .AddPasswordValidator<PasswordMaxLengthValidator>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddDefaultTokenProviders();

        // Every request re-reads the security stamp after this interval, so a disabled user's session ends.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = security.SessionRevalidationInterval);
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.Cookie.Name = "CommHub.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = security.CookieSecurePolicy;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = security.IdleSessionTimeout;
            cookie.SlidingExpiration = true;
            SessionLifetime.Apply(cookie, security.AbsoluteSessionLifetime);
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.SecurePolicy = security.CookieSecurePolicy;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }
}
