namespace CommHub.Web.Features.Conversations;

/// <summary>Who is typing, forgotten a few seconds after their last keystroke signal.</summary>
public sealed class TypingIndicator(TimeProvider clock)
{
    public static readonly TimeSpan ShownFor = TimeSpan.FromSeconds(4);

    private string? name;
    private DateTimeOffset until;

    public void Saw(string who)
    {
        name = who;
        until = clock.GetUtcNow() + ShownFor;
    }

    public void Clear() => name = null;

    /// <summary>Shows who is typing now, and renders again once the indicator has run out.</summary>
    public async Task ShowAsync(string who, Action render)
    {
        Saw(who);
        render();
        await Task.Delay(ShownFor + TimeSpan.FromMilliseconds(200), clock);
        render();
    }

    public string? Current => name is not null && clock.GetUtcNow() < until ? name : null;
}
