using System.Security.Claims;
using Bunit;
using CommHub.Core.Attachments;
using CommHub.Core.Data;
using CommHub.Infrastructure.Blobs;
using CommHub.Infrastructure.Media;
using Microsoft.EntityFrameworkCore;
using CommHub.Web.Features.Account;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
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
        // Email bodies sign links to their inline images.
        Services.AddDataProtection();
        Services.AddOptions<AttachmentOptions>();
        Services.TryAddSingleton(TimeProvider.System);
        Services.AddSingleton<CommHub.Core.Conversations.IMailHtml, CommHub.Infrastructure.Email.EmailHtmlSanitizer>();
        Services.AddSingleton<CommHub.Web.Features.Attachments.InlineImageLinks>();
        // bUnit registers placeholders that fail on use; the real policies replace them.
        Services.RemoveAll<IAuthorizationService>();
        Services.RemoveAll<IAuthorizationPolicyProvider>();
        Services.RemoveAll<AuthenticationStateProvider>();
        Services.AddAuthorizationCore(Policies.Configure);
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(AuthState);
    }

    protected FixedAuthenticationStateProvider AuthState { get; } = new();

    /// <summary>The upload path of the composer: the real service and image processor over a temporary folder.</summary>
    protected void AddAttachmentServices()
    {
        var root = Path.Combine(Path.GetTempPath(), "commhub-bunit-" + Guid.NewGuid().ToString("N"));
        Services.AddSingleton(TimeProvider.System);
        Services.AddOptions<AttachmentOptions>();
        Services.AddSingleton<IBlobStore>(new LocalFolderBlobStore(root));
        Services.AddSingleton<IImageProcessor, VipsImageProcessor>();
        Services.AddSingleton<IAttachmentQueue, RecordingAttachmentQueue>();
        // Staging never touches the database; the factory is there because the service also serves downloads.
        Services.AddDbContextFactory<CommHubDbContext>(o => o.UseSqlite("Data Source=:memory:"));
        Services.AddSingleton<AttachmentService>();
        Services.AddOptions<CommHub.Web.RateLimits.RateLimitOptions>();
        Services.AddSingleton<CommHub.Web.RateLimits.UploadLimiter>();
    }

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
