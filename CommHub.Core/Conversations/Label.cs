namespace CommHub.Core.Conversations;

public class Label
{
    public int Id { get; set; }

    /// <summary>Lower-case, without '#'; unique.</summary>
    public string Name { get; set; } = "";

    /// <summary>CSS colour for the chip.</summary>
    public string Color { get; set; } = "#607d8b";

    public List<Conversation> Conversations { get; set; } = [];
}
