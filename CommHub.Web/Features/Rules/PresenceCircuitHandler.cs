using CommHub.Core.Users;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CommHub.Web.Features.Rules;

/// <summary>Counts staff circuits in <see cref="AgentPresence"/>, so round-robin rules assign only to agents who are online.</summary>
public sealed class PresenceCircuitHandler(AgentPresence presence, AuthenticationStateProvider authentication) : CircuitHandler
{
    private string? userId;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (!user.IsInRole(Roles.Agent) && !user.IsInRole(Roles.Admin)) return;
        userId = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (userId is not null) presence.Connected(userId);
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (userId is not null) presence.Disconnected(userId);
        userId = null;
        return Task.CompletedTask;
    }
}
