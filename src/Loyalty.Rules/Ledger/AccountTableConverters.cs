using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using static Loyalty.Rules.AccountTables;

namespace Loyalty.Rules;

/// <summary>Lots as a column table (format 2), or format 1's array of lot objects when read.</summary>
internal sealed class LotTableConverter : JsonConverter<AccountList<PointLot>>
{
    private static readonly string[] Columns = ["id", "sourceId", "ruleId", "points", "remaining", "earnedAt", "availableAt", "expiresAt", "matured", "heldBy", "reviewBy"];

    public override AccountList<PointLot> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return AccountList<PointLot>.Of(JsonSerializer.Deserialize(ref reader, LedgerJson.Default.ImmutableArrayPointLot));
        }

        using var table = JsonDocument.ParseValue(ref reader);
        return AccountList<PointLot>.Of(ImmutableCollectionsMarshal.AsImmutableArray(ReadLots(table.RootElement, "lots")));
    }

    public override void Write(Utf8JsonWriter writer, AccountList<PointLot> value, JsonSerializerOptions options) => WriteLots(writer, value.Span);

    /// <summary>Writes lots as a table (an object of columns).</summary>
    public static void WriteLots(Utf8JsonWriter w, ReadOnlySpan<PointLot> lots)
    {
        w.WriteStartObject();
        Values(w, "id", lots, static (w, l) => w.WriteStringValue(l.Id));
        Runs(w, "sourceId", lots, static l => Derived(l) ? null : l.SourceId, string.Equals, static s => s is null, StringValue);
        Runs(w, "ruleId", lots, static l => Derived(l) ? null : l.RuleId, string.Equals, static s => s is null, StringValue);
        Values(w, "points", lots, static (w, l) => w.WriteNumberValue(l.Points.Value));
        Values(w, "remaining", lots, static (w, l) => w.WriteNumberValue(l.Remaining.Value));
        Instants(w, "earnedAt", lots, static l => l.EarnedAt);
        Instants(w, "availableAt", lots, static l => l.AvailableAt);
        foreach (var lot in lots)
        {
            if (lot.ExpiresAt is not null)
            {
                Instants(w, "expiresAt", lots, static l => l.ExpiresAt); // left out when no lot expires
                break;
            }
        }

        Runs(w, "matured", lots, static l => l.Matured, static (a, b) => a == b, static m => !m, BoolValue);
        Runs(w, "heldBy", lots, static l => l.HeldBy, string.Equals, static s => s is null, StringValue);
        Runs(w, "reviewBy", lots, static l => l.ReviewBy, static (a, b) => a == b, static r => r is null, static (w, r) => JsonSerializer.Serialize(w, r, LedgerJson.Default.NullableInstant));
        w.WriteEndObject();
    }

    /// <summary>Reads lots written by <see cref="WriteLots"/> at <paramref name="path"/>.</summary>
    public static PointLot[] ReadLots(JsonElement element, string path)
    {
        var t = new Table(element, path, Columns);
        int n = t.Rows("id");
        var ids = t.Values("id", n, RequiredString);
        var sources = t.Runs("sourceId", n, null, NullableString);
        var rules = t.Runs("ruleId", n, null, NullableString);
        var points = t.Values("points", n, static e => e.GetInt64());
        var remaining = t.Values("remaining", n, static e => e.GetInt64());
        var earned = t.Instants("earnedAt", n, required: true);
        var available = t.Instants("availableAt", n, required: true);
        var expires = t.Instants("expiresAt", n, required: false);
        var matured = t.Runs("matured", n, false, static e => e.GetBoolean());
        var heldBy = t.Runs("heldBy", n, null, NullableString);
        var reviewBy = t.Runs("reviewBy", n, null, static e => e.Deserialize(LedgerJson.Default.NullableInstant));
        var lots = new PointLot[n];
        for (int i = 0; i < n; i++)
        {
            int slash = ids[i].LastIndexOf('/');
            if ((sources[i] is null || rules[i] is null) && slash < 0)
            {
                throw Error($"{path}.id[{i}]", $"'{ids[i]}' names no source and rule ('source/rule'), and the sourceId and ruleId columns do not either.");
            }

            lots[i] = new PointLot
            {
                Id = ids[i],
                SourceId = sources[i] ?? ids[i][..slash],
                RuleId = rules[i] ?? ids[i][(slash + 1)..],
                Points = new Points(points[i]),
                Remaining = new Points(remaining[i]),
                EarnedAt = earned[i]!.Value,
                AvailableAt = available[i]!.Value,
                ExpiresAt = expires[i],
                Matured = matured[i],
                HeldBy = heldBy[i],
                ReviewBy = reviewBy[i],
            };
        }

        return lots;
    }

    /// <summary>Whether the lot's id is its source and rule ("T1/accrual"), so neither is written.</summary>
    private static bool Derived(PointLot lot)
        => lot.Id.Length == lot.SourceId.Length + 1 + lot.RuleId.Length && lot.Id.StartsWith(lot.SourceId, StringComparison.Ordinal)
           && lot.Id[lot.SourceId.Length] == '/' && lot.Id.EndsWith(lot.RuleId, StringComparison.Ordinal) && !lot.RuleId.Contains('/', StringComparison.Ordinal);
}

/// <summary>Redemptions as a column table (format 2), the lots they took as one table of shares; or format 1's array when read.</summary>
internal sealed class RedemptionTableConverter : JsonConverter<AccountList<RedemptionRecord>>
{
    private static readonly string[] Columns = ["id", "at", "cause", "shares", "taken"];

    public override AccountList<RedemptionRecord> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return AccountList<RedemptionRecord>.Of(JsonSerializer.Deserialize(ref reader, LedgerJson.Default.ImmutableArrayRedemptionRecord));
        }

        using var document = JsonDocument.ParseValue(ref reader);
        var t = new Table(document.RootElement, "redemptions", Columns);
        int n = t.Rows("id");
        var ids = t.Values("id", n, RequiredString);
        var at = t.Instants("at", n, required: true);
        var causes = t.Runs("cause", n, null, NullableString);
        var shares = t.Values("shares", n, static e => e.GetInt32() is var count and >= 0 ? count : throw new FormatException("must be a count of shares, 0 or more."));
        var taken = document.RootElement.TryGetProperty("taken", out var table) ? ReadShares(table) : [];
        if (shares.Sum(s => (long)s) != taken.Length)
        {
            throw Error("redemptions.shares", $"count {shares.Sum(s => (long)s)} shares, but the taken table has {taken.Length}.");
        }

        var records = new RedemptionRecord[n];
        for (int i = 0, next = 0; i < n; next += shares[i], i++)
        {
            records[i] = new RedemptionRecord { Id = ids[i], At = at[i]!.Value, Cause = causes[i], Taken = [.. taken.AsSpan(next, shares[i])] };
        }

        return AccountList<RedemptionRecord>.Of(ImmutableCollectionsMarshal.AsImmutableArray(records));
    }

    public override void Write(Utf8JsonWriter w, AccountList<RedemptionRecord> value, JsonSerializerOptions options)
    {
        var rows = value.Span;
        w.WriteStartObject();
        Values(w, "id", rows, static (w, r) => w.WriteStringValue(r.Id));
        Instants(w, "at", rows, static r => r.At);
        Runs(w, "cause", rows, static r => r.Cause, string.Equals, static c => c is null, StringValue);
        Values(w, "shares", rows, static (w, r) => w.WriteNumberValue(r.Taken.Length));
        w.WritePropertyName("taken");
        var shares = new List<PointLot>();
        foreach (var r in rows)
        {
            shares.AddRange(r.Taken);
        }

        LotTableConverter.WriteLots(w, CollectionsMarshal.AsSpan(shares));
        w.WriteEndObject();
    }

    private static PointLot[] ReadShares(JsonElement table) => LotTableConverter.ReadLots(table, "redemptions.taken");
}

/// <summary>The events an account remembers: applied event ids (retention window) and purchases (refund window).</summary>
/// <param name="Applied">The applied events.</param>
/// <param name="Purchases">The purchases.</param>
internal readonly record struct RememberedEvents(AccountList<AppliedEvent> Applied, AccountList<PurchaseRecord> Purchases);

/// <summary>
/// Remembered events as two column tables (format 2): purchases, and applied events, where an applied purchase that a
/// purchase record repeats (id, fingerprint, instant, points) is written as that record's row number.
/// </summary>
internal sealed class RememberedEventsConverter : JsonConverter<RememberedEvents>
{
    private static readonly string[] AppliedColumns = ["purchase", "id", "fingerprint", "at", "kind", "points"];

    private static readonly string[] PurchaseColumns =
    [
        "transactionId", "at", "awarded", "fingerprint", "countedSpend", "programVersion", "reversed", "tierId", "wasFirstPurchase", "segments", "enrolledOn",
        "birthday", "birthdayRewardYearBefore", "paidBirthdayYear", "held", "voided", "wasReactivation", "grants", "carriedIn", "tierCredits", "returned",
    ];

    public override RememberedEvents Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Error("events", "must be an object of the tables purchases and applied.");
        }

        var purchases = root.TryGetProperty("purchases", out var p) ? ReadPurchases(p) : [];
        var applied = root.TryGetProperty("applied", out var a) ? ReadApplied(a, purchases) : [];
        foreach (var table in root.EnumerateObject())
        {
            if (table.Name is not ("purchases" or "applied"))
            {
                throw Error($"events.{table.Name}", "is not a table of remembered events (tables: purchases, applied).");
            }
        }

        return new(AccountList<AppliedEvent>.Of(ImmutableCollectionsMarshal.AsImmutableArray(applied)), AccountList<PurchaseRecord>.Of(ImmutableCollectionsMarshal.AsImmutableArray(purchases)));
    }

    public override void Write(Utf8JsonWriter w, RememberedEvents value, JsonSerializerOptions options)
    {
        w.WriteStartObject();
        var purchases = value.Purchases.Span;
        if (!purchases.IsEmpty)
        {
            w.WritePropertyName("purchases");
            WritePurchases(w, purchases);
        }

        if (!value.Applied.IsEmpty)
        {
            w.WritePropertyName("applied");
            WriteApplied(w, value.Applied.Span, purchases);
        }

        w.WriteEndObject();
    }

    private static void WritePurchases(Utf8JsonWriter w, ReadOnlySpan<PurchaseRecord> rows)
    {
        w.WriteStartObject();
        Values(w, "transactionId", rows, static (w, p) => w.WriteStringValue(p.TransactionId));
        Instants(w, "at", rows, static p => p.At);
        Values(w, "awarded", rows, static (w, p) => w.WriteNumberValue(p.Awarded));
        Fingerprints(w, "fingerprint", rows, static p => p.Fingerprint);
        Values(w, "countedSpend", rows, static (w, p) => w.WriteNumberValue(p.CountedSpend));
        Runs(w, "programVersion", rows, static p => (long)p.ProgramVersion, static (a, b) => a == b, static v => v == 0, LongValue);
        Runs(w, "reversed", rows, static p => p.Reversed, static (a, b) => a == b, static v => v == 0, LongValue);
        Runs(w, "tierId", rows, static p => p.TierId, string.Equals, static t => t is null, StringValue);
        Runs(w, "wasFirstPurchase", rows, static p => p.WasFirstPurchase, static (a, b) => a == b, static f => !f, BoolValue);
        Runs(w, "segments", rows, static p => p.Segments, static (a, b) => a.SequenceEqual(b), static s => s.IsEmpty, static (w, s) => JsonSerializer.Serialize(w, s, LedgerJson.Default.ImmutableArrayString));
        Runs(w, "enrolledOn", rows, static p => p.EnrolledOn, static (a, b) => a == b, static d => d is null, static (w, d) => JsonSerializer.Serialize(w, d, LedgerJson.Default.NullableLocalDate));
        Runs(w, "birthday", rows, static p => p.Birthday, static (a, b) => a == b, static d => d is null, static (w, d) => JsonSerializer.Serialize(w, d, LedgerJson.Default.NullableAnnualDate));
        Runs(w, "birthdayRewardYearBefore", rows, static p => p.BirthdayRewardYearBefore, static (a, b) => a == b, static y => y is null, static (w, y) => JsonSerializer.Serialize(w, y, LedgerJson.Default.NullableInt32));
        Runs(w, "paidBirthdayYear", rows, static p => p.PaidBirthdayYear, static (a, b) => a == b, static y => y is null, static (w, y) => JsonSerializer.Serialize(w, y, LedgerJson.Default.NullableInt32));
        Runs(w, "held", rows, static p => p.Held, static (a, b) => a == b, static f => !f, BoolValue);
        Runs(w, "voided", rows, static p => p.Voided, static (a, b) => a == b, static f => !f, BoolValue);
        Runs(w, "wasReactivation", rows, static p => p.WasReactivation, static (a, b) => a == b, static f => !f, BoolValue);
        Runs(w, "grants", rows, static p => p.Grants, static (a, b) => a.SequenceEqual(b), static g => g.IsEmpty, static (w, g) => JsonSerializer.Serialize(w, g, LedgerJson.Default.ImmutableArrayBudgetClaim));
        Runs(w, "carriedIn", rows, static p => p.CarriedIn, static (a, b) => a == b && Scale(a) == Scale(b), static c => c == 0m && Scale(c) == 0, DecimalValue);
        Runs(w, "tierCredits", rows, static p => p.TierCredits, static (a, b) => a == b, static v => v == 0, LongValue);
        Runs(w, "returned", rows, static p => p.Returned, static (a, b) => a.AsSpan().SequenceEqual(b.AsSpan()) && Scales(a, b), static r => r.IsEmpty, static (w, r) => JsonSerializer.Serialize(w, r, LedgerJson.Default.ImmutableArrayDecimal));
        w.WriteEndObject();
    }

    private static PurchaseRecord[] ReadPurchases(JsonElement element)
    {
        const string path = "events.purchases";
        var t = new Table(element, path, PurchaseColumns);
        int n = t.Rows("transactionId");
        var ids = t.Values("transactionId", n, RequiredString);
        var at = t.Instants("at", n, required: true);
        var awarded = t.Values("awarded", n, static e => e.GetInt64());
        var fingerprints = t.Fingerprints("fingerprint", n);
        var counted = t.Values("countedSpend", n, static e => e.GetDecimal());
        var versions = t.Runs("programVersion", n, 0, static e => e.GetInt32());
        var reversed = t.Runs("reversed", n, 0L, static e => e.GetInt64());
        var tiers = t.Runs("tierId", n, null, NullableString);
        var first = t.Runs("wasFirstPurchase", n, false, static e => e.GetBoolean());
        var segments = t.Runs("segments", n, [], static e => e.Deserialize(LedgerJson.Default.ImmutableArrayString) is { IsDefault: false } s ? s : throw new FormatException("must be an array of segment ids."));
        var enrolled = t.Runs("enrolledOn", n, null, static e => e.Deserialize(LedgerJson.Default.NullableLocalDate));
        var birthdays = t.Runs("birthday", n, null, static e => e.Deserialize(LedgerJson.Default.NullableAnnualDate));
        var yearBefore = t.Runs("birthdayRewardYearBefore", n, null, static e => e.Deserialize(LedgerJson.Default.NullableInt32));
        var paidYear = t.Runs("paidBirthdayYear", n, null, static e => e.Deserialize(LedgerJson.Default.NullableInt32));
        var held = t.Runs("held", n, false, static e => e.GetBoolean());
        var voided = t.Runs("voided", n, false, static e => e.GetBoolean());
        var reactivation = t.Runs("wasReactivation", n, false, static e => e.GetBoolean());
        var grants = t.Runs("grants", n, [], static e => e.Deserialize(LedgerJson.Default.ImmutableArrayBudgetClaim) is { IsDefault: false } g ? g : throw new FormatException("must be an array of budget claims."));
        var carried = t.Runs("carriedIn", n, 0m, static e => e.GetDecimal());
        var credits = t.Runs("tierCredits", n, 0L, static e => e.GetInt64());
        var returned = t.Runs("returned", n, [], static e => e.Deserialize(LedgerJson.Default.ImmutableArrayDecimal) is { IsDefault: false } r ? r : throw new FormatException("must be an array of quantities."));
        var records = new PurchaseRecord[n];
        for (int i = 0; i < n; i++)
        {
            records[i] = new PurchaseRecord
            {
                TransactionId = ids[i], At = at[i]!.Value, ProgramVersion = versions[i], Awarded = awarded[i], Reversed = reversed[i], TierId = tiers[i],
                WasFirstPurchase = first[i], Segments = segments[i], EnrolledOn = enrolled[i], Birthday = birthdays[i], BirthdayRewardYearBefore = yearBefore[i],
                PaidBirthdayYear = paidYear[i], Held = held[i], Voided = voided[i], WasReactivation = reactivation[i], Grants = grants[i], CarriedIn = carried[i],
                CountedSpend = counted[i], TierCredits = credits[i], Returned = returned[i], Fingerprint = fingerprints[i],
            };
        }

        return records;
    }

    private static void WriteApplied(Utf8JsonWriter w, ReadOnlySpan<AppliedEvent> rows, ReadOnlySpan<PurchaseRecord> purchases)
    {
        var rowOf = new Dictionary<string, int>(purchases.Length, StringComparer.Ordinal);
        for (int i = 0; i < purchases.Length; i++)
        {
            rowOf.TryAdd(purchases[i].TransactionId, i);
        }

        var refs = new int[rows.Length];
        var own = new List<AppliedEvent>();
        for (int i = 0; i < rows.Length; i++)
        {
            var a = rows[i];
            refs[i] = a.Kind == LedgerEventKind.Purchase && rowOf.TryGetValue(a.Id, out int row) && purchases[row] is var p
                      && p.Fingerprint == a.Fingerprint && p.At == a.At && p.Awarded == a.Points ? row : -1;
            if (refs[i] < 0)
            {
                own.Add(a);
            }
        }

        var others = CollectionsMarshal.AsSpan(own);
        w.WriteStartObject();
        Values(w, "purchase", (ReadOnlySpan<int>)refs, static (w, r) => w.WriteNumberValue(r));
        if (!others.IsEmpty)
        {
            Values(w, "id", others, static (w, a) => w.WriteStringValue(a.Id));
            Fingerprints(w, "fingerprint", others, static a => a.Fingerprint);
            Instants(w, "at", others, static a => a.At);
            Runs(w, "kind", others, static a => (long)a.Kind, static (x, y) => x == y, static k => k == 0, LongValue);
            Values(w, "points", others, static (w, a) => w.WriteNumberValue(a.Points));
        }

        w.WriteEndObject();
    }

    private static AppliedEvent[] ReadApplied(JsonElement element, PurchaseRecord[] purchases)
    {
        const string path = "events.applied";
        var t = new Table(element, path, AppliedColumns);
        int rows = t.Rows("purchase");
        var refs = t.Values("purchase", rows, static e => e.GetInt32());
        int n = 0;
        for (int i = 0; i < rows; i++)
        {
            if (refs[i] < -1 || refs[i] >= purchases.Length)
            {
                throw Error($"{path}.purchase[{i}]", $"must be -1 (an event of the columns below) or a row of events.purchases (0 to {purchases.Length - 1}), was {refs[i]}.");
            }

            n += refs[i] < 0 ? 1 : 0;
        }

        var ids = t.Values("id", n, RequiredString);
        var fingerprints = t.Fingerprints("fingerprint", n);
        var at = t.Instants("at", n, required: true);
        var kinds = t.Runs("kind", n, 0L, static e => e.GetInt64() is var k && Enum.IsDefined((LedgerEventKind)k) ? k : throw new FormatException("must be an event kind."));
        var points = t.Values("points", n, static e => e.GetInt64());
        var applied = new AppliedEvent[rows];
        for (int i = 0, next = 0; i < rows; i++)
        {
            if (refs[i] >= 0)
            {
                var p = purchases[refs[i]];
                applied[i] = new AppliedEvent(p.TransactionId, p.Fingerprint, p.At, LedgerEventKind.Purchase, p.Awarded);
            }
            else
            {
                applied[i] = new AppliedEvent(ids[next], fingerprints[next], at[next]!.Value, (LedgerEventKind)kinds[next], points[next]);
                next++;
            }
        }

        return applied;
    }

    private static int Scale(decimal d) => d.Scale;

    private static bool Scales(ImmutableArray<decimal> a, ImmutableArray<decimal> b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i].Scale != b[i].Scale)
            {
                return false;
            }
        }

        return true;
    }
}
