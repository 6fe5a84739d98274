using CommHub.Core.Channels;
using CommHub.Core.Conversations;

namespace CommHub.Core.Demo;

/// <summary>The words of the demo data.</summary>
internal static class DemoContent
{
    public static readonly (ChannelKind Kind, string Name)[] Channels =
    [
        (ChannelKind.Portal, "Customer portal"),
        (ChannelKind.Telegram, "@acme_support_bot"),
        (ChannelKind.Telegram, "Acme field ops group"),
        (ChannelKind.Gmail, "support@acme.example"),
        (ChannelKind.Gmail, "billing@acme.example"),
        (ChannelKind.Crew, "Crew portal"),
    ];

    public static readonly (string Name, string Email)[] Agents =
    [
        ("Ana Silva", "ana@demo.commhub"),
        ("Ben Okafor", "ben@demo.commhub"),
        ("Chloé Martin", "chloe@demo.commhub"),
    ];

    /// <summary>The demo crew member (role Crew, the demo agents' password), on every demo project.</summary>
    public static readonly (string Name, string Email) CrewMember = ("Dan Driller", "dan@demo.commhub");

    public static readonly (string Name, string Address, double Latitude, double Longitude)[] Projects =
    [
        ("Harbour bridge repaint", "Quay Road 1, Harbourside", 59.9075, 10.7380),
        ("Riverside school extension", "12 School Lane, Riverside", 59.9290, 10.7610),
    ];

    public static readonly (string Name, string Color)[] Labels =
    [
        ("billing", "#8e24aa"), ("bug", "#e53935"), ("vip", "#f9a825"), ("refund", "#6d4c41"),
        ("onboarding", "#43a047"), ("outage", "#d81b60"), ("feature-request", "#1e88e5"),
    ];

    public static readonly ConversationStatus[] StatusMix =
    [
        ConversationStatus.New, ConversationStatus.New, ConversationStatus.Open, ConversationStatus.Open, ConversationStatus.Open,
        ConversationStatus.Pending, ConversationStatus.Snoozed, ConversationStatus.Resolved, ConversationStatus.Resolved, ConversationStatus.Closed,
    ];

    public static readonly string[] FirstNames =
    [
        "Olivia", "Liam", "Sofia", "Noah", "Amara", "Mateo", "Yuki", "Ibrahim", "Elena", "Lucas",
        "Priya", "Jonas", "Fatima", "Hugo", "Mei", "Diego", "Hannah", "Kwame", "Ingrid", "Omar",
        "Chiara", "Tomasz", "Aisha", "Felix", "Zara",
    ];

    public static readonly string[] LastNames =
    [
        "Andersen", "Bianchi", "Chen", "Dubois", "Evans", "Fischer", "García", "Haddad", "Ivanova", "Jensen",
        "Kowalski", "Larsen", "Moreau", "Nakamura", "Okoye", "Patel", "Quinn", "Rossi", "Schmidt", "Tanaka",
    ];

    public static readonly (string Subject, string Opening)[] Topics =
    [
        ("Invoice shows the wrong VAT number", "Hi, our last invoice has the old VAT number on it. Could you reissue it?"),
        ("Cannot log in after password reset", "I reset my password this morning and now the login page just reloads."),
        ("Order #4821 has not arrived", "The tracking page has said 'in transit' for six days. Where is my order?"),
        ("Refund for the duplicate charge", "I was charged twice for the March subscription. Please refund one of them."),
        ("Technician running late", "The crew was due at 9:00 and nobody is here yet. Is someone on the way?"),
        ("Export to CSV is missing columns", "When I export the report the 'region' and 'owner' columns are empty."),
        ("Change of delivery address", "We moved offices; please send future deliveries to 12 Harbour Road."),
        ("Question about the annual plan", "Does the annual plan include the reporting add-on or is that extra?"),
        ("App crashes when uploading photos", "Every time I attach more than three photos the app closes."),
        ("Site access code for Monday", "What is the gate code for the Riverside site? The old one no longer works."),
        ("Warranty claim for the pump", "The pump installed in June stopped working. Is it covered by the warranty?"),
        ("Can I add a second user?", "My colleague needs access too. How do I invite her to our account?"),
        ("Outage in the north region?", "None of our devices in the north region are reporting since 14:00."),
        ("Feature request: dark mode", "Any plans for a dark mode? Our night shift would love it."),
        ("Cancel my subscription", "Please cancel at the end of the current billing period. Thanks for everything."),
    ];

    public static readonly string[] AgentReplies =
    [
        "Thanks for reaching out! I'm looking into this now and will get back to you shortly.",
        "I've reissued the document; you should have it in your inbox within a few minutes.",
        "Sorry for the trouble. Could you send us a screenshot of what you see?",
        "Our crew lead just confirmed they are 20 minutes away.",
        "The refund has been processed and should appear on your statement in 3–5 business days.",
        "That's fixed on our side now. Could you try again and let me know?",
        "Good question! The annual plan includes reporting at no extra cost.",
    ];

    public static readonly string[] CustomerFollowUps =
    [
        "Thanks, that worked!",
        "Still not working for me, unfortunately.",
        "Here is the screenshot you asked for.",
        "Great, thank you for the quick answer.",
        "Any update on this?",
        "Perfect, you can close this one.",
    ];

    public static readonly string[] Notes =
    [
        "Checked the billing system: the charge was indeed duplicated.",
        "Escalated to tier 2, waiting on engineering.",
        "VIP customer, keep them posted every day.",
    ];
}
