using CommHub.Core.Search;

namespace CommHub.Infrastructure.Search;

/// <summary>
/// The FTS5 tables and the triggers that keep them, created by the SQLite migration <c>Search</c>. External content: the
/// index stores no second copy of the text, and every delete gives FTS5 the old text, as external content requires.
/// The trigram table holds only messages with a script written without spaces (the same GLOB on insert and delete).
/// </summary>
public static class SqliteSearchSchema
{
    private const string Unspaced = "GLOB '" + SearchTerms.UnspacedGlob + "'";

    public static readonly string[] Create =
    [
        """CREATE VIRTUAL TABLE "MessageSearch" USING fts5("Text", content='Messages', content_rowid='Id', tokenize='unicode61 remove_diacritics 2')""",
        """CREATE VIRTUAL TABLE "MessageSearchGrams" USING fts5("Text", content='Messages', content_rowid='Id', tokenize='trigram remove_diacritics 1')""",
        """CREATE VIRTUAL TABLE "ConversationSearch" USING fts5("Subject", content='Conversations', content_rowid='Id', tokenize='unicode61 remove_diacritics 2')""",
        """CREATE VIRTUAL TABLE "AttachmentSearch" USING fts5("FileName", content='Attachments', content_rowid='Id', tokenize='unicode61 remove_diacritics 2')""",
        // Contacts are found by any part of a name, address, phone or handle: trigrams, so "quig" finds "Quigley".
        """CREATE VIRTUAL TABLE "ContactSearch" USING fts5("Name", "Email", "Phone", content='Contacts', content_rowid='Id', tokenize='trigram remove_diacritics 1')""",
        """CREATE VIRTUAL TABLE "IdentitySearch" USING fts5("Value", "DisplayHandle", content='ContactIdentities', content_rowid='Id', tokenize='trigram remove_diacritics 1')""",
        .. Triggers("Messages", "MessageSearch", "Text"),
        $"""CREATE TRIGGER "MessageSearchGrams_Insert" AFTER INSERT ON "Messages" WHEN new."Text" {Unspaced} BEGIN INSERT INTO "MessageSearchGrams"(rowid, "Text") VALUES (new."Id", new."Text"); END""",
        $"""CREATE TRIGGER "MessageSearchGrams_Delete" AFTER DELETE ON "Messages" WHEN old."Text" {Unspaced} BEGIN INSERT INTO "MessageSearchGrams"("MessageSearchGrams", rowid, "Text") VALUES ('delete', old."Id", old."Text"); END""",
        // One trigger, delete before insert: SQLite runs several triggers of one event in no order to rely on.
        $"""
         CREATE TRIGGER "MessageSearchGrams_Update" AFTER UPDATE OF "Text" ON "Messages" BEGIN
             INSERT INTO "MessageSearchGrams"("MessageSearchGrams", rowid, "Text") SELECT 'delete', old."Id", old."Text" WHERE old."Text" {Unspaced};
             INSERT INTO "MessageSearchGrams"(rowid, "Text") SELECT new."Id", new."Text" WHERE new."Text" {Unspaced};
         END
         """,
        .. Triggers("Conversations", "ConversationSearch", "Subject"),
        .. Triggers("Attachments", "AttachmentSearch", "FileName"),
        .. Triggers("Contacts", "ContactSearch", "Name", "Email", "Phone"),
        .. Triggers("ContactIdentities", "IdentitySearch", "Value", "DisplayHandle"),
    ];

    /// <summary>The triggers alone: without them the index no longer follows (the intake benchmark's "index off").</summary>
    public static readonly string[] DropTriggers =
    [
        .. new[] { "MessageSearch", "MessageSearchGrams", "ConversationSearch", "AttachmentSearch", "ContactSearch", "IdentitySearch" }
            .SelectMany(t => new[] { $"""DROP TRIGGER "{t}_Insert" """, $"""DROP TRIGGER "{t}_Delete" """, $"""DROP TRIGGER "{t}_Update" """ }),
    ];

    public static readonly string[] Drop =
    [
        .. DropTriggers,
        """DROP TABLE "MessageSearch" """, """DROP TABLE "MessageSearchGrams" """, """DROP TABLE "ConversationSearch" """, """DROP TABLE "AttachmentSearch" """,
        """DROP TABLE "ContactSearch" """, """DROP TABLE "IdentitySearch" """,
    ];

    /// <summary>Fills every table again from its content table (the rebuild command).</summary>
    public static readonly string[] Rebuild =
    [
        """INSERT INTO "MessageSearch"("MessageSearch") VALUES ('rebuild')""",
        """INSERT INTO "MessageSearchGrams"("MessageSearchGrams") VALUES ('delete-all')""",
        $"""INSERT INTO "MessageSearchGrams"(rowid, "Text") SELECT "Id", "Text" FROM "Messages" WHERE "Text" {Unspaced}""",
        """INSERT INTO "ConversationSearch"("ConversationSearch") VALUES ('rebuild')""",
        """INSERT INTO "AttachmentSearch"("AttachmentSearch") VALUES ('rebuild')""",
        """INSERT INTO "ContactSearch"("ContactSearch") VALUES ('rebuild')""",
        """INSERT INTO "IdentitySearch"("IdentitySearch") VALUES ('rebuild')""",
    ];

    private static string[] Triggers(string table, string index, params string[] columns)
    {
        var names = string.Join(", ", columns.Select(c => $"\"{c}\""));
        string Values(string row) => string.Join(", ", columns.Select(c => $"{row}.\"{c}\""));
        var changed = string.Join(", ", columns.Select(c => $"\"{c}\""));
        return
        [
            $"""CREATE TRIGGER "{index}_Insert" AFTER INSERT ON "{table}" BEGIN INSERT INTO "{index}"(rowid, {names}) VALUES (new."Id", {Values("new")}); END""",
            $"""CREATE TRIGGER "{index}_Delete" AFTER DELETE ON "{table}" BEGIN INSERT INTO "{index}"("{index}", rowid, {names}) VALUES ('delete', old."Id", {Values("old")}); END""",
            $"""
             CREATE TRIGGER "{index}_Update" AFTER UPDATE OF {changed} ON "{table}" BEGIN
                 INSERT INTO "{index}"("{index}", rowid, {names}) VALUES ('delete', old."Id", {Values("old")});
                 INSERT INTO "{index}"(rowid, {names}) VALUES (new."Id", {Values("new")});
             END
             """,
        ];
    }
}
