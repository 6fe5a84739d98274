using CommHub.Core.Channels;

namespace CommHub.Benchmarks;

/// <summary>The words of the seeded help desk: enough variety that rows and previews have realistic lengths.</summary>
internal static class SeedText
{
    public static readonly (ChannelKind Kind, string Name, int Weight)[] Channels =
    [
        (ChannelKind.Telegram, "@acme_support_bot", 35),
        (ChannelKind.Gmail, "support@acme.example", 30),
        (ChannelKind.Gmail, "billing@acme.example", 10),
        (ChannelKind.Portal, "Customer portal", 20),
        (ChannelKind.Crew, "Crew portal", 5),
    ];

    public static readonly (string Name, string Email)[] Agents =
    [
        ("Ana Silva", "ana@bench.commhub"),
        ("Ben Okafor", "ben@bench.commhub"),
        ("Chloé Martin", "chloe@bench.commhub"),
        ("Dev Raman", "dev@bench.commhub"),
        ("Eva Lindqvist", "eva@bench.commhub"),
    ];

    public static readonly (string Name, string Color)[] Labels =
    [
        ("billing", "#8e24aa"), ("bug", "#e53935"), ("vip", "#f9a825"), ("refund", "#6d4c41"),
        ("onboarding", "#43a047"), ("outage", "#d81b60"), ("feature-request", "#1e88e5"),
        ("shipping", "#00897b"), ("account", "#5e35b1"), ("urgent-site-visit", "#f4511e"),
    ];

    public static readonly string[] FirstNames =
    [
        "Olivia", "Liam", "Sofia", "Noah", "Amara", "Mateo", "Yuki", "Ibrahim", "Elena", "Lucas",
        "Priya", "Jonas", "Fatima", "Hugo", "Mei", "Diego", "Hannah", "Kwame", "Ingrid", "Omar",
    ];

    public static readonly string[] LastNames =
    [
        "Andersen", "Bianchi", "Chen", "Dubois", "Evans", "Fischer", "García", "Haddad", "Ivanova", "Jensen",
        "Kowalski", "Larsen", "Moreau", "Nakamura", "Okoye", "Patel", "Quinn", "Rossi", "Schmidt", "Tanaka",
    ];

    public static readonly string[] Subjects =
    [
        "Invoice shows the wrong VAT number", "Cannot log in after password reset", "Order has not arrived",
        "Refund for the duplicate charge", "Technician running late", "Export to CSV is missing columns",
        "Change of delivery address", "Question about the annual plan", "App crashes when uploading photos",
        "Need a copy of last year's invoices", "Site access code for tomorrow", "Two-factor codes not arriving",
    ];

    public static readonly string[] Customer =
    [
        "Hi, our last invoice has the old VAT number on it. Could you reissue it with the new one, please?",
        "I reset my password this morning and now the login page just reloads without any error message.",
        "The tracking page has said 'in transit' for six days now. Where is my order, and can you chase the courier?",
        "I was charged twice for the March subscription. Please refund one of them to the card ending 4417.",
        "The crew was due at 9:00 and nobody is here yet. Is someone on the way?",
        "Thanks, that worked.",
        "Any update on this? We are still waiting and the customer is asking us every day.",
        "When I export the report the 'region' and 'owner' columns are empty, although they show in the table.",
        "Attached the screenshot you asked for. It happens on both the phone and the laptop.",
        "Could you also check whether the same problem affects our second account?",
        "Ok, I'll try again tonight and let you know.",
        "We moved offices; please send future deliveries to 12 Harbour Road, unit 4, and update the billing address too.",
    ];

    public static readonly string[] Agent =
    [
        "Thanks for reaching out! I've reissued the invoice with the corrected VAT number; you'll find it in the portal.",
        "Sorry about that. Could you try clearing your browser cookies and signing in again? If it still loops, tell me which browser you use.",
        "I've asked the courier for an update and will get back to you as soon as I hear from them, at the latest tomorrow morning.",
        "The duplicate charge is refunded; it can take 3 to 5 working days to show on your statement.",
        "The technician is stuck in traffic and should be with you in about 20 minutes. Apologies for the wait.",
        "Good news: this is fixed in today's release. Could you confirm it works for you now?",
        "I've passed this to our engineering team with your screenshots and will update you when I hear back.",
        "Happy to help! Is there anything else I can do for you?",
    ];

    public static readonly string[] Notes =
    [
        "Checked with finance: the refund went out on Tuesday.",
        "Customer is on the enterprise plan, prioritise.",
        "Same issue as the ticket from last week, probably the CDN cache again.",
        "Escalated to engineering, waiting for a fix estimate.",
    ];
}
