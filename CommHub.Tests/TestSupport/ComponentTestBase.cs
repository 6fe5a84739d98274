using System.Security.Claims;
using Bunit;
using CommHub.Web.Features.Account;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace CommHub.Tests.TestSupport;

/// <summary>bUnit with MudBlazor's services, loose JS interop, and the app's real authorization policies.</summary>
public abstract class ComponentTestBase : BunitContext, IAsyncLifetime
{
    // MudBlazor has services that only dispose asynchronously; xUnit disposes through here first.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected ComponentTestBase()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddScoped<CommHub.Web.Components.Shared.BrowserTimeZone>();
        // bUnit registers placeholders that fail on use; the real policies replace them.
        Services.RemoveAll<IAuthorizationService>();
        Services.RemoveAll<IAuthorizationPolicyProvider>();
        Services.RemoveAll<AuthenticationStateProvider>();
        Services.AddAuthorizationCore(Policies.Configure);
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(AuthState);
    }

    protected FixedAuthenticationStateProvider AuthState { get; } = new();

    protected void SignInAs(string name, params string[] roles)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.NameIdentifier, name) };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        AuthState.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    public sealed class FixedAuthenticationStateProvider : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }
}
