using CommHub.Core.Users;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CommHub.Web.Features.Rules;

/// <summary>
/// Records staff circuits in <see cref="AgentPresence"/> (round-robin assigns only to agents who are online; the
/// assignment menu shows who is online, away or offline). One per circuit: the layout tells it when its page is hidden
/// or idle.
/// </summary>
public sealed class PresenceCircuitHandler(AgentPresence presence, AuthenticationStateProvider authentication) : CircuitHandler
{
    private string? circuitId;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (!user.IsInRole(Roles.Agent) && !user.IsInRole(Roles.Admin)) return;
        if (user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is not { } userId) return;
        circuitId = circuit.Id;
        presence.Connected(circuit.Id, userId);
    }

    /// <summary>Called by the layout when its page becomes hidden or idle (false) or is used again (true).</summary>
    public void SetActive(bool active)
    {
        if (circuitId is not null) presence.SetActive(circuitId, active);
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (circuitId is not null) presence.Disconnected(circuitId);
        circuitId = null;
        return Task.CompletedTask;
    }
}
