using CommHub.Core.Data;
using CommHub.Core.Search;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Infrastructure.Search;

/// <summary>
/// PostgreSQL full-text search: GIN expression indexes on <c>to_tsvector('simple', ...)</c> of Messages.Text,
/// Conversations.Subject and Attachments.FileName (migration <c>Search</c>), so the index is the database's own and
/// follows every write. Each word is a <c>phraseto_tsquery</c> (which has no syntax to break), all required; ranked by
/// ts_rank. The 'simple' configuration neither stems nor removes accents, and cannot split scripts written without
/// spaces: those queries fall back to substring matching.
/// </summary>
public sealed class PostgreSqlSearchIndex(LikeSearchIndex fallback) : ISearchIndex
{
    public static readonly string[] Indexes = ["IX_Messages_Search", "IX_Conversations_Search", "IX_Attachments_Search"];

    public IQueryable<SearchHit> Messages(CommHubDbContext db, SearchTerms terms) => terms.HasUnspaced
        ? fallback.Messages(db, terms)
        : Query(db, terms.Words, """
            SELECT m."Id", (-ts_rank(to_tsvector('simple', m."Text"), x.q))::float8 AS "Score"
            FROM "Messages" AS m, (SELECT {0}) AS x(q) WHERE to_tsvector('simple', m."Text") @@ x.q
            """);

    public IQueryable<SearchHit> Subjects(CommHubDbContext db, SearchTerms terms) => terms.HasUnspaced
        ? fallback.Subjects(db, terms)
        : Query(db, terms.Words, """
            SELECT c."Id", (-ts_rank(to_tsvector('simple', c."Subject"), x.q))::float8 AS "Score"
            FROM "Conversations" AS c, (SELECT {0}) AS x(q) WHERE to_tsvector('simple', c."Subject") @@ x.q
            """);

    public IQueryable<SearchHit> FileNames(CommHubDbContext db, SearchTerms terms) => terms.HasUnspaced
        ? fallback.FileNames(db, terms)
        : Query(db, terms.Words.Select(w => w.Replace('.', ' ').Replace('_', ' ').Replace('-', ' ')), """
            SELECT a."MessageId" AS "Id", (-ts_rank(to_tsvector('simple', translate(a."FileName", '._-', '   ')), x.q))::float8 AS "Score"
            FROM "Attachments" AS a, (SELECT {0}) AS x(q) WHERE to_tsvector('simple', translate(a."FileName", '._-', '   ')) @@ x.q
            """);

    /// <summary>Contacts are far fewer than messages: substring matching, as on SQL Server.</summary>
    public IQueryable<SearchHit> Contacts(CommHubDbContext db, SearchTerms terms) => fallback.Contacts(db, terms);

    public async Task<string> RebuildAsync(CommHubDbContext db, CancellationToken cancellationToken = default)
    {
        foreach (var index in Indexes)
        {
            var sql = $"REINDEX INDEX \"{index}\"";
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
        return "Rebuilt the PostgreSQL full-text indexes.";
    }

    /// <summary>
    /// The words as parameters, one phraseto_tsquery each, joined with &amp;&amp;, in place of <c>{0}</c>. File names are
    /// split at dots, dashes and underscores on both sides (the parser would read "invoice-march.pdf" as one host name).
    /// </summary>
    private static IQueryable<SearchHit> Query(CommHubDbContext db, IEnumerable<string> words, string sql)
    {
        var parameters = words.Cast<object>().ToArray();
        var query = string.Join(" && ", parameters.Select((_, i) => $"phraseto_tsquery('simple', {{{i}}})"));
        return db.Database.SqlQueryRaw<SearchHit>(sql.Replace("{0}", query), parameters);
    }
}
