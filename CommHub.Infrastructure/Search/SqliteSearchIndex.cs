using CommHub.Core.Data;
using CommHub.Core.Search;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Infrastructure.Search;

/// <summary>
/// SQLite FTS5, the embedded default. External-content tables over Messages.Text, Conversations.Subject and
/// Attachments.FileName (unicode61, accents removed), kept by triggers in the same statement as the row, so ingest,
/// edits, erasure and retention need no code of their own (migration <c>Search</c>). Words of scripts without spaces go
/// to a trigram table that holds only the messages containing such scripts; words shorter than three characters there
/// are matched with LIKE over that table. Ranked by bm25.
/// </summary>
public sealed class SqliteSearchIndex(LikeSearchIndex fallback) : ISearchIndex
{
    public IQueryable<SearchHit> Messages(CommHubDbContext db, SearchTerms terms)
    {
        if (!terms.HasUnspaced)
        {
            return db.Database.SqlQueryRaw<SearchHit>(
                """SELECT rowid AS "Id", bm25("MessageSearch") AS "Score" FROM "MessageSearch" WHERE "MessageSearch" MATCH {0}""", Match(terms.Words));
        }
        var matched = terms.Words.Where(w => w.Length >= 3).ToList();
        var liked = terms.Words.Where(w => w.Length < 3).ToList();
        var conditions = new List<string>();
        var parameters = new List<object>();
        if (matched.Count > 0)
        {
            conditions.Add("\"MessageSearchGrams\" MATCH {0}");
            parameters.Add(Match(matched));
        }
        foreach (var word in liked)
        {
            conditions.Add($"\"Text\" LIKE {{{parameters.Count}}} ESCAPE '\\'");
            parameters.Add(SearchTerms.ContainsPattern(word));
        }
        var score = matched.Count > 0 ? "bm25(\"MessageSearchGrams\")" : "0.0";
        // Only constant SQL and parameter placeholders are put together here; the words are parameters.
        var sql = $"""SELECT rowid AS "Id", {score} AS "Score" FROM "MessageSearchGrams" WHERE {string.Join(" AND ", conditions)}""";
        return db.Database.SqlQueryRaw<SearchHit>(sql, [.. parameters]);
    }

    public IQueryable<SearchHit> Subjects(CommHubDbContext db, SearchTerms terms) => terms.HasUnspaced
        ? fallback.Subjects(db, terms)
        : db.Database.SqlQueryRaw<SearchHit>(
            """SELECT rowid AS "Id", bm25("ConversationSearch") AS "Score" FROM "ConversationSearch" WHERE "ConversationSearch" MATCH {0}""", Match(terms.Words));

    public IQueryable<SearchHit> FileNames(CommHubDbContext db, SearchTerms terms) => terms.HasUnspaced
        ? fallback.FileNames(db, terms)
        : db.Database.SqlQueryRaw<SearchHit>(
            """
            SELECT a."MessageId" AS "Id", bm25("AttachmentSearch") AS "Score"
            FROM "AttachmentSearch" JOIN "Attachments" AS a ON a."Id" = "AttachmentSearch".rowid
            WHERE "AttachmentSearch" MATCH {0}
            """, Match(terms.Words));

    /// <summary>
    /// Every word in the contact's trigram table or in one of their identities' (portal accounts left out, their value
    /// is a user id); words shorter than three characters, which trigrams cannot match, by substring.
    /// </summary>
    public IQueryable<SearchHit> Contacts(CommHubDbContext db, SearchTerms terms)
    {
        if (terms.Words.Any(w => w.Length < 3)) return fallback.Contacts(db, terms);
        var sql = """SELECT c."Id", 0.0 AS "Score" FROM "Contacts" AS c WHERE """ + string.Join(" AND ", terms.Words.Select((_, i) => $$"""
            c."Id" IN (SELECT rowid FROM "ContactSearch" WHERE "ContactSearch" MATCH {{{i}}}
                UNION SELECT ci."ContactId" FROM "IdentitySearch" JOIN "ContactIdentities" AS ci ON ci."Id" = "IdentitySearch".rowid
                    WHERE "IdentitySearch" MATCH {{{i}}} AND ci."Kind" <> 0)
            """));
        return db.Database.SqlQueryRaw<SearchHit>(sql, [.. terms.Words.Select(w => (object)SearchTerms.Quoted(w))]);
    }

    public async Task<string> RebuildAsync(CommHubDbContext db, CancellationToken cancellationToken = default)
    {
        await db.InTransactionAsync(async token =>
        {
            foreach (var sql in SqliteSearchSchema.Rebuild) await db.Database.ExecuteSqlRawAsync(sql, token);
        }, cancellationToken);
        var messages = await db.Messages.CountAsync(cancellationToken);
        return $"Rebuilt the search index of {messages:N0} messages.";
    }

    /// <summary>Every word as a quoted phrase, all required: nothing the user typed is read as FTS5 syntax.</summary>
    private static string Match(IEnumerable<string> words) => string.Join(' ', words.Select(SearchTerms.Quoted));
}
