using Bunit;
using CommHub.Core.Conversations;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Conversations;

namespace CommHub.Tests.Web.Features;

public sealed class MessageBubbleTests : ComponentTestBase
{
    private static ThreadMessage Message(string text, bool note = false, DeliveryStatus status = DeliveryStatus.Sent) =>
        new(1, MessageDirection.Outbound, SenderKind.Agent, "Ana", text, note, status, status == DeliveryStatus.Failed ? "Bot was blocked by the user" : null, DateTime.UtcNow, null);

    [Fact]
    public void ASystemLine_IsASmallCentredLine_NotABubble_WithNoAnswerAction()
    {
        var line = new ThreadMessage(2, MessageDirection.Inbound, SenderKind.System, "Bob", "Bob joined the group", false, DeliveryStatus.Read, null, DateTime.UtcNow, null);

        var rendered = Render<MessageBubble>(p => p.Add(b => b.Message, line).Add(b => b.OnAnswer, (ThreadMessage _) => { }));

        Assert.Equal("Bob joined the group", rendered.Find("[data-testid=system-line] span").TextContent);
        Assert.Equal("note", rendered.Find("[data-testid=system-line]").GetAttribute("role"));
        Assert.Empty(rendered.FindAll("[data-testid=bubble]"));
        Assert.Empty(rendered.FindAll("[data-testid=answer-message]"));
    }

    [Fact]
    public void TypedHtml_IsShownAsText_NeverRun()
    {
        var bubble = Render<MessageBubble>(p => p.Add(b => b.Message, Message("<b>bold?</b><script>alert(1)</script>")));

        Assert.Empty(bubble.FindAll("b"));
        Assert.Empty(bubble.FindAll("script"));
        Assert.Equal("<b>bold?</b><script>alert(1)</script>", bubble.Find("[data-testid=message-text]").TextContent);
    }

    [Fact]
    public async Task AReply_QuotesWhatItAnswers_AndTheAnswerActionHandsOverTheMessage()
    {
        ThreadMessage? answered = null;
        var message = Message("Any news?") with { ReplyTo = new QuotedMessage(7, "Dora", "<i>My order</i> is late") };
        var bubble = Render<MessageBubble>(p => p.Add(b => b.Message, message).Add(b => b.OnAnswer, (ThreadMessage m) => answered = m));

        Assert.Equal("Dora <i>My order</i> is late", bubble.Find("[data-testid=reply-quote]").TextContent.Trim());
        Assert.Empty(bubble.FindAll("[data-testid=reply-quote] i"));
        await bubble.Find("[data-testid=answer-message]").ClickAsync(new());
        Assert.Same(message, answered);
    }

    [Fact]
    public void ASharedPosition_LinksToTheMap_WithItsAccuracy()
    {
        var message = Message("📍 Shared location (±12 m)") with { Location = new MessageLocation(59.9139, 10.7522, 12.4, DateTime.UtcNow), CheckIn = CheckInKind.Arrived };

        var bubble = Render<MessageBubble>(p => p.Add(b => b.Message, message));

        var map = bubble.Find("[data-testid=message-map]");
        Assert.Equal("59.9139, 10.7522", map.TextContent);
        Assert.Equal("https://www.openstreetmap.org/?mlat=59.9139&mlon=10.7522#map=17/59.9139/10.7522", map.GetAttribute("href"));
        Assert.Equal("noopener noreferrer", map.GetAttribute("rel"));
        Assert.Equal("±12 m", bubble.Find("[data-testid=message-accuracy]").TextContent);
    }

    [Fact]
    public void AMessageWithoutAPosition_HasNoMap()
    {
        var bubble = Render<MessageBubble>(p => p.Add(b => b.Message, Message("Just text")));

        Assert.Empty(bubble.FindAll("[data-testid=message-location]"));
    }

    [Fact]
    public void AnEmailsCopies_AreShown()
    {
        var bubble = Render<MessageBubble>(p => p.Add(b => b.Message, Message("See attached") with { EmailCc = "boss@example.com", EmailBcc = "audit@acme.example" }));

        Assert.Equal(["Cc: boss@example.com", "Bcc: audit@acme.example"], bubble.FindAll("[data-testid=email-copies] span").Select(s => s.TextContent));
        Assert.Empty(Render<MessageBubble>(p => p.Add(b => b.Message, Message("No copies"))).FindAll("[data-testid=email-copies]"));
        var withReplyTo = Render<MessageBubble>(p => p.Add(b => b.Message, Message("Answer my desk") with { EmailReplyTo = "tickets@ann.example" }));
        Assert.Equal(["Reply-To: tickets@ann.example"], withReplyTo.FindAll("[data-testid=email-copies] span").Select(s => s.TextContent));
    }

    [Fact]
    public void WithoutAnAnswerHandler_OrOnANote_ThereIsNoAnswerAction()
    {
        Assert.Empty(Render<MessageBubble>(p => p.Add(b => b.Message, Message("hello"))).FindAll("[data-testid=answer-message]"));
        Assert.Empty(Render<MessageBubble>(p => p.Add(b => b.Message, Message("internal", note: true)).Add(b => b.OnAnswer, (ThreadMessage _) => { }))
            .FindAll("[data-testid=answer-message]"));
    }

    [Fact]
    public void APrivateNote_LooksDifferent_AndHasNoTicks()
    {
        var bubble = Render<MessageBubble>(p => p.Add(b => b.Message, Message("internal", note: true)).Add(b => b.ShowTicks, true));

        Assert.Contains("note", bubble.Find("[data-testid=private-note]").ClassList);
        Assert.Contains("only staff see this", bubble.Markup);
        Assert.Empty(bubble.FindAll("[data-testid=ticks]"));
    }

    [Theory]
    [InlineData(DeliveryStatus.Pending, "pending")]
    [InlineData(DeliveryStatus.Sent, "sent")]
    [InlineData(DeliveryStatus.Read, "read")]
    [InlineData(DeliveryStatus.Failed, "failed")]
    public void Ticks_FollowTheDeliveryStatus(DeliveryStatus status, string expected)
    {
        var bubble = Render<MessageBubble>(p => p.Add(b => b.Message, Message("hi", status: status)).Add(b => b.ShowTicks, true).Add(b => b.Mine, true));

        Assert.Equal(expected, bubble.Find("[data-testid=ticks]").GetAttribute("data-status"));
        if (status == DeliveryStatus.Failed) Assert.Contains("Not delivered: Bot was blocked by the user", bubble.Markup);
    }
}
