using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Loyalty.Rules.Samples.WebApi;

/// <summary>The database cannot take the write now (another writer holds it longer than the busy timeout): answer 503, retry later.</summary>
public sealed class StoreBusyException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Accounts (with a version), ledger entries and campaign budgets in SQLite: WAL (readers never wait for the writer),
/// pooled connections, async commands, versioned schema migrations (<c>PRAGMA user_version</c>). Each event is written
/// in one immediate transaction, on the account version it was applied to: the budget claims it makes are decided
/// against what is left and subtracted, the account and its entries written, all together or not at all (<c>synchronous=FULL</c>: a commit
/// survives kill -9 and power loss). The unique key on entry ids refuses an event applied twice, and a budget can
/// never go below zero (a check constraint). Writers of this process queue on one lock; another process waits at most
/// the busy timeout, then <see cref="StoreBusyException"/>.
/// </summary>
public sealed class Store : IDisposable
{
    /// <summary>The schema, one step per version: a database at version N runs the steps after N, each in its own transaction.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS accounts (member_id TEXT PRIMARY KEY, account TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS entries (
          id TEXT PRIMARY KEY, member_id TEXT NOT NULL, kind TEXT NOT NULL, points INTEGER NOT NULL,
          at TEXT NOT NULL, lot_id TEXT, reason TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS budgets (offer_id TEXT PRIMARY KEY, points_left INTEGER NOT NULL CHECK (points_left >= 0));
        """,
        "CREATE INDEX IF NOT EXISTS entries_by_member ON entries (member_id);",
        "ALTER TABLE accounts ADD COLUMN version INTEGER NOT NULL DEFAULT 0;",
    ];

    /// <summary>The accounts last read or written, by member, with their version: a hit skips parsing the JSON.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Version, MemberAccount Account)> recent = new(StringComparer.Ordinal);

    private readonly string connectionString;
    private readonly SemaphoreSlim writer = new(1, 1);
    private readonly TimeSpan busyTimeout;

    /// <summary>Whether the program has budgeted offers (then events are decided under the lock, where the budgets are).</summary>
    private readonly bool budgeted;

    private Store(string path, TimeSpan busyTimeout, bool budgeted)
    {
        this.busyTimeout = busyTimeout;
        this.budgeted = budgeted;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>The schema version this code writes.</summary>
    public static int SchemaVersion => Migrations.Length;

    /// <summary>Opens (creating or migrating) the database and seeds the program's budgets that are not there yet.</summary>
    public static async Task<Store> OpenAsync(string path, LoyaltyProgram program, TimeSpan busyTimeout, CancellationToken cancel = default)
    {
        var store = new Store(path, busyTimeout, !program.BudgetedOffers.IsEmpty);
        await using var connection = await store.OpenConnectionAsync(cancel);
        await Execute(connection, null, "PRAGMA journal_mode = WAL;", cancel);
        int version = Convert.ToInt32(await Scalar(connection, null, "PRAGMA user_version;", cancel), CultureInfo.InvariantCulture);
        if (version > Migrations.Length)
        {
            throw new InvalidOperationException($"The database '{path}' is at schema version {version}, newer than this host's {Migrations.Length}: refusing to run on it.");
        }

        for (int v = version; v < Migrations.Length; v++)
        {
            await using var step = (SqliteTransaction)await connection.BeginTransactionAsync(cancel);
            await Execute(connection, step, Migrations[v], cancel);
            await Execute(connection, step, $"PRAGMA user_version = {v + 1};", cancel);
            await step.CommitAsync(cancel);
        }

        foreach (var offer in program.BudgetedOffers)
        {
            await Execute(connection, null, "INSERT OR IGNORE INTO budgets (offer_id, points_left) VALUES ($o, $p)", cancel, ("$o", offer.Id), ("$p", offer.Budget!.Points.Value));
        }

        return store;
    }

    /// <summary>Reads a member's account, or null when none is stored.</summary>
    public async Task<MemberAccount?> ReadAsync(string memberId, CancellationToken cancel = default)
    {
        await using var connection = await OpenConnectionAsync(cancel);
        return await Read(connection, null, memberId, cancel);
    }

    /// <summary>
    /// Applies one event to a member's account and stores the result, all in one database transaction; the budget claims
    /// the event makes are decided against what is left and subtracted inside it (the callback's decide function).
    /// </summary>
    /// <remarks>
    /// The event is processed first on the account as last committed, outside the write lock (so parsing, evaluating
    /// and serializing run on every core), then written in a short immediate transaction only if the account's version
    /// is still the one it was processed on (else it is processed again on the new version: no update is ever lost). An
    /// event of a program with budgeted offers is processed inside the transaction, where the budgets can be decided.
    /// </remarks>
    public async Task<LedgerOutcome> ApplyAsync(string memberId, Func<MemberAccount, Func<BudgetClaim, BudgetClaim>, LedgerOutcome> process, CancellationToken cancel = default)
    {
        try
        {
            for (int attempt = 0; !budgeted && attempt < 8; attempt++)
            {
                var (version, account) = await Current(memberId, cancel);
                var outcome = process(account, _ => throw new InvalidOperationException("a program without budgeted offers claimed a budget."));
                if (outcome.Status is not (LedgerStatus.Applied or LedgerStatus.Held))
                {
                    return outcome; // a duplicate or a rejection changes nothing
                }

                string json = outcome.Account.ToJson();
                if (await Write(memberId, version, (_, _) => Task.FromResult<(LedgerOutcome Outcome, string? Json)?>((outcome, json)), cancel) is { } written)
                {
                    return written;
                }
            }

            // Budgeted, or contended: read, decide the claims and write under the lock.
            return (await Write(memberId, null, async (connection, transaction) =>
            {
                var account = await Read(connection, transaction, memberId, cancel) ?? MemberAccount.Open(memberId);
                var left = await Budgets(connection, transaction, cancel); // the immediate transaction holds the write lock: nobody else spends them
                var spent = new List<(string OfferId, long Points)>();
                var outcome = process(account, claim =>
                {
                    var decided = claim.Decide(left.GetValueOrDefault(claim.OfferId));
                    left[claim.OfferId] = left.GetValueOrDefault(claim.OfferId) - decided.Granted.Value;
                    spent.Add((claim.OfferId, decided.Granted.Value));
                    return decided;
                });
                foreach (var (offerId, points) in spent)
                {
                    await Execute(connection, transaction, "UPDATE budgets SET points_left = points_left - $g WHERE offer_id = $o", cancel, ("$g", points), ("$o", offerId));
                }

                return (outcome, outcome.Status is LedgerStatus.Applied or LedgerStatus.Held ? outcome.Account.ToJson() : null);
            }, cancel))!;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6) // SQLITE_BUSY, SQLITE_LOCKED: another process holds the database
        {
            throw new StoreBusyException($"the database is busy: {e.Message}", e);
        }
    }

    /// <summary>The member's committed account and its version (0: none stored yet).</summary>
    private async Task<(long Version, MemberAccount Account)> Current(string memberId, CancellationToken cancel)
    {
        await using var connection = await OpenConnectionAsync(cancel);
        long version = await Scalar(connection, null, "SELECT version FROM accounts WHERE member_id = $m", cancel, ("$m", memberId)) is long v ? v : 0;
        if (recent.TryGetValue(memberId, out var known) && known.Version == version)
        {
            return known;
        }

        var account = version == 0 ? MemberAccount.Open(memberId) : await Read(connection, null, memberId, cancel) ?? MemberAccount.Open(memberId);
        return (version, account);
    }

    /// <summary>
    /// In one immediate transaction: when <paramref name="expected"/> is given and the stored version is another, nothing
    /// (null); else what <paramref name="decide"/> returns, with its account written (a new version) and its entries.
    /// </summary>
    private async Task<LedgerOutcome?> Write(string memberId, long? expected, Func<SqliteConnection, SqliteTransaction, Task<(LedgerOutcome Outcome, string? Json)?>> decide, CancellationToken cancel)
    {
        if (!await writer.WaitAsync(busyTimeout, cancel))
        {
            throw new StoreBusyException($"the database is busy: no write slot within {busyTimeout.TotalSeconds:0.#} s.");
        }

        try
        {
            await using var connection = await OpenConnectionAsync(cancel);
            await using var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock at once
            long version = await Scalar(connection, transaction, "SELECT version FROM accounts WHERE member_id = $m", cancel, ("$m", memberId)) is long v ? v : 0;
            if (expected is { } wanted && wanted != version)
            {
                return null;
            }

            if (await decide(connection, transaction) is not var (outcome, json))
            {
                return null;
            }

            if (json is not null)
            {
                await Execute(connection, transaction, "INSERT INTO accounts (member_id, account, version) VALUES ($m, $a, $v) ON CONFLICT(member_id) DO UPDATE SET account = $a, version = $v", cancel,
                    ("$m", memberId), ("$a", json), ("$v", version + 1));
                foreach (var entry in outcome.Entries)
                {
                    // A duplicate entry id throws: the transaction rolls back, nothing is half-applied.
                    await Execute(connection, transaction, "INSERT INTO entries (id, member_id, kind, points, at, lot_id, reason) VALUES ($id, $m, $k, $p, $at, $lot, $r)", cancel,
                        ("$id", entry.Id), ("$m", memberId), ("$k", entry.Kind.ToString()), ("$p", entry.Points.Value),
                        ("$at", entry.At.ToString("g", CultureInfo.InvariantCulture)), ("$lot", entry.LotId), ("$r", entry.Reason));
                }
            }

            await transaction.CommitAsync(cancel);
            if (json is not null)
            {
                if (recent.Count >= 10_000)
                {
                    recent.Clear(); // a bounded cache: the hot members come back at once
                }

                recent[memberId] = (version + 1, outcome.Account);
            }

            return outcome;
        }
        finally
        {
            writer.Release();
        }
    }

    /// <summary>What is left of an offer's budget.</summary>
    public async Task<long> BudgetLeftAsync(string offerId, CancellationToken cancel = default)
    {
        await using var connection = await OpenConnectionAsync(cancel);
        return (long)(await Scalar(connection, null, "SELECT points_left FROM budgets WHERE offer_id = $o", cancel, ("$o", offerId)))!;
    }

    /// <summary>How many ledger entries a member has.</summary>
    public async Task<long> EntryCountAsync(string memberId, CancellationToken cancel = default)
    {
        await using var connection = await OpenConnectionAsync(cancel);
        return (long)(await Scalar(connection, null, "SELECT COUNT(*) FROM entries WHERE member_id = $m", cancel, ("$m", memberId)))!;
    }

    /// <summary>The schema version of the database (for the health check).</summary>
    public async Task<int> VersionAsync(CancellationToken cancel = default)
    {
        await using var connection = await OpenConnectionAsync(cancel);
        return Convert.ToInt32(await Scalar(connection, null, "PRAGMA user_version;", cancel), CultureInfo.InvariantCulture);
    }

    public void Dispose() => writer.Dispose();

    private static async Task<Dictionary<string, long>> Budgets(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancel)
    {
        var left = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT offer_id, points_left FROM budgets";
        await using var reader = await command.ExecuteReaderAsync(cancel);
        while (await reader.ReadAsync(cancel))
        {
            left[reader.GetString(0)] = reader.GetInt64(1);
        }

        return left;
    }

    private static async Task<MemberAccount?> Read(SqliteConnection connection, SqliteTransaction? transaction, string memberId, CancellationToken cancel)
        => await Scalar(connection, transaction, "SELECT account FROM accounts WHERE member_id = $m", cancel, ("$m", memberId)) is string json ? MemberAccount.FromJson(json) : null;

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancel)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancel);
            await Execute(connection, null, $"PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;", cancel);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancel, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancel);
    }

    private static async Task<object?> Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancel, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancel);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
