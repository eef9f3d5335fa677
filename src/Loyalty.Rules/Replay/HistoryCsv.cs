using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Rules;

/// <summary>
/// Reads a history for <see cref="Replay"/> from CSV, one row at a time: members, purchases (one row per line),
/// refunds, redemptions, activities, referral awards, adjustments, tiers set by hand and paid tiers. The format is described in docs/HISTORY-CSV.md;
/// <see cref="HistoryCsvWriter"/> writes it.
/// </summary>
/// <remarks>
/// The first row names the columns (any order; <c>kind</c>, <c>id</c>, <c>member</c> and <c>at</c> are required, an
/// unknown column is refused). A member row must come before the member's first event for its enrolment, segments,
/// tier and birthday to count (<see cref="MemberOf"/>). A refund names its purchase, which must be at most
/// <c>refundLookback</c> older: the reader keeps the purchases of that window only, so memory grows with the window,
/// not the history. A bad row is reported with its line number and column: thrown as a <see cref="HistoryCsvException"/>,
/// or, with <c>skipBadRows</c>, left out and listed in <see cref="Problems"/>.
/// </remarks>
public sealed class HistoryCsv
{
    /// <summary>The columns, in the order <see cref="HistoryCsvWriter"/> writes them.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["kind", "id", "member", "at", "channel", "sku", "category", "quantity", "unitPrice", "discount", "points", "ref", "detail", "segments", "tier", "birthday", "until"];

    private static readonly string[] Required = ["kind", "id", "member", "at"];
    internal static readonly Dictionary<string, int> ColumnIndex = Columns.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);
    private static readonly AnnualDatePattern BirthdayPattern = AnnualDatePattern.CreateWithInvariantCulture("MM'-'dd");

    private readonly TextReader reader;
    private readonly string currency;
    private readonly Duration lookback;
    private readonly bool skipBadRows;
    private readonly Dictionary<string, MemberContext> members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Transaction> purchases = new(StringComparer.Ordinal);
    private readonly Queue<Transaction> purchaseOrder = new();
    private readonly List<HistoryCsvProblem> problems = [];
    private bool read;
    private int[] column = [];

    /// <summary>Prepares to read a history.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="currency">The currency of the purchases (the program's).</param>
    /// <param name="refundLookback">How much older than its refund a purchase may be (default 400 days).</param>
    /// <param name="skipBadRows">Leave bad rows out and list them in <see cref="Problems"/>, instead of throwing at the first.</param>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is not an ISO 4217 code, or the lookback is not positive.</exception>
    public HistoryCsv(TextReader reader, string currency, Duration? refundLookback = null, bool skipBadRows = false)
    {
        this.reader = Preconditions.NotNull(reader, nameof(reader));
        if (!Currency.IsValidCode(currency))
        {
            throw Preconditions.Invalid(nameof(currency), $"'{currency}' is not an ISO 4217 code (three upper-case letters).");
        }

        this.currency = currency;
        lookback = refundLookback ?? Duration.FromDays(400);
        if (lookback <= Duration.Zero)
        {
            throw Preconditions.OutOfRange(nameof(refundLookback), lookback, "must be positive.");
        }

        this.skipBadRows = skipBadRows;
    }

    /// <summary>The line number of the last row read (1 is the header).</summary>
    public int Line { get; private set; }

    /// <summary>The rows left out (with <c>skipBadRows</c>), in file order.</summary>
    public IReadOnlyList<HistoryCsvProblem> Problems => problems;

    /// <summary>What the member rows read so far say of a member; a bare context for a member without one.</summary>
    /// <param name="memberId">The member.</param>
    /// <returns>The member context.</returns>
    public MemberContext MemberOf(string memberId)
        => members.TryGetValue(Preconditions.NotNull(memberId, nameof(memberId)), out var member) ? member : new MemberContext(memberId);

    /// <summary>The events, read lazily as they are enumerated (once: the text is read once).</summary>
    /// <returns>The events, in file order (a purchase once its last line is read).</returns>
    /// <exception cref="InvalidOperationException">The events were enumerated before.</exception>
    /// <exception cref="HistoryCsvException">A bad row (without <c>skipBadRows</c>), or a bad header.</exception>
    public IEnumerable<LedgerEvent> Events()
    {
        if (read)
        {
            throw new InvalidOperationException("The history has been read already: a HistoryCsv reads its text once.");
        }

        read = true;
        return Read();
    }

    private IEnumerable<LedgerEvent> Read()
    {
        Header();
        PurchaseRows? open = null;
        string? leftOut = null; // the purchase whose bad line leaves it out, while its further lines come
        var done = new HashSet<string>(StringComparer.Ordinal); // purchase ids emitted within the lookback (to catch a split purchase)
        while (reader.ReadLine() is { } text)
        {
            Line++;
            if (text.Length == 0)
            {
                continue;
            }

            var row = new Row(Split(text), column, Line);
            string? kind = row.Optional("kind");
            if (kind != "purchase" || row.Optional("id") != leftOut)
            {
                leftOut = null;
            }

            if (open is not null && (kind != "purchase" || row.Optional("id") != open.Id))
            {
                var purchase = Guarded(() => Emit(open, done));
                open = null;
                if (purchase is not null)
                {
                    yield return purchase;
                }
            }

            var e = Guarded(() =>
            {
                if (row.Required("kind") != "purchase")
                {
                    return Other(row.Required("kind"), row);
                }

                string id = row.Required("id");
                if (id == leftOut)
                {
                    throw row.Bad("id", $"a line of purchase '{id}' before this one is bad: the whole purchase is left out.");
                }

                leftOut = null;
                try
                {
                    if (open is null && done.Contains(id))
                    {
                        throw row.Bad("id", $"purchase '{id}' continues after other rows: the lines of a purchase are consecutive rows.");
                    }

                    var rows = open ?? new PurchaseRows(id, row.Required("member"), row.Instant("at"), row.Optional("channel") ?? "store", Line);
                    if (row.Required("member") != rows.MemberId || row.Instant("at") != rows.At)
                    {
                        throw row.Bad("at", $"the lines of purchase '{id}' must name one member and one instant (line {rows.FirstLine} has '{rows.MemberId}' at {rows.At}).");
                    }

                    rows.Lines.Add(LineOf(row));
                    open = rows;
                    return null;
                }
                catch (HistoryCsvException) when (skipBadRows)
                {
                    // Never half a purchase: the lines read so far go too, and the ones that follow.
                    if (open is not null)
                    {
                        problems.Add(new HistoryCsvProblem(open.FirstLine, "id", $"purchase '{id}' is left out: its line {Line} is bad."));
                        open = null;
                    }

                    leftOut = id;
                    throw;
                }
            });
            if (e is not null)
            {
                yield return e;
            }
        }

        if (open is not null && Guarded(() => Emit(open, done)) is { } last)
        {
            yield return last;
        }
    }

    /// <summary>Runs one row's reading: its problem is thrown, or, with <c>skipBadRows</c>, listed and the row left out.</summary>
    private LedgerEvent? Guarded(Func<LedgerEvent?> read)
    {
        try
        {
            return read();
        }
        catch (HistoryCsvException e) when (skipBadRows)
        {
            problems.Add(e.Problem);
            return null;
        }
    }

    private void Header()
    {
        string? text = reader.ReadLine();
        Line = 1;
        if (text is null)
        {
            throw new HistoryCsvException(new HistoryCsvProblem(1, "header", "the history is empty: the first row must name the columns."));
        }

        var names = Split(text.TrimStart('\uFEFF'));
        column = Enumerable.Repeat(-1, Columns.Count).ToArray();
        for (int i = 0; i < names.Count; i++)
        {
            int index = ColumnIndex.GetValueOrDefault(names[i].Trim(), -1);
            if (index < 0)
            {
                throw new HistoryCsvException(new HistoryCsvProblem(1, names[i], $"unknown column; the columns are {string.Join(", ", Columns)}."));
            }

            if (column[index] >= 0)
            {
                throw new HistoryCsvException(new HistoryCsvProblem(1, names[i], "the column is named twice."));
            }

            column[index] = i;
        }

        foreach (string name in Required)
        {
            if (column[ColumnIndex[name]] < 0)
            {
                throw new HistoryCsvException(new HistoryCsvProblem(1, name, "a required column is missing."));
            }
        }
    }

    private static TransactionLine LineOf(Row row)
    {
        string sku = row.Optional("sku") ?? row.Optional("category") ?? "item";
        decimal quantity = row.Decimal("quantity") ?? 1m;
        decimal unitPrice = row.Decimal("unitPrice") ?? throw row.Bad("unitPrice", "a purchase line needs its unit price.");
        decimal discount = row.Decimal("discount") ?? 0m;
        return row.Checked("unitPrice", () => new TransactionLine(sku, row.Optional("category"), quantity, unitPrice, discount));
    }

    private PurchaseEvent Emit(PurchaseRows open, HashSet<string> done)
    {
        var row = new Row([], column, open.FirstLine);
        var transaction = row.Checked("id", () => new Transaction(open.Id, open.MemberId, open.At, currency, open.Channel, open.Lines));
        Remember(transaction, done);
        return new PurchaseEvent(transaction);
    }

    private void Remember(Transaction transaction, HashSet<string> done)
    {
        while (purchaseOrder.TryPeek(out var oldest) && oldest.OccurredAt < transaction.OccurredAt - lookback)
        {
            purchaseOrder.Dequeue();
            purchases.Remove(oldest.Id);
            done.Remove(oldest.Id);
        }

        purchases[transaction.Id] = transaction;
        purchaseOrder.Enqueue(transaction);
        done.Add(transaction.Id);
    }

    private LedgerEvent? Other(string kind, Row row)
    {
        string member = row.Required("member");
        switch (kind)
        {
            case "member":
                members[member] = row.Checked("member", () => new MemberContext(
                    member,
                    tierId: row.Optional("tier"),
                    enrolledOn: row.Optional("at") is { } on ? row.Date("at", on) : null,
                    birthday: row.Optional("birthday") is { } b ? row.Parse("birthday", BirthdayPattern, b) : null,
                    segments: row.Optional("segments")?.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
                return null;
            case "refund":
                string of = row.Optional("ref") ?? throw row.Bad("ref", "a refund names its purchase.");
                if (!purchases.TryGetValue(of, out var original))
                {
                    throw row.Bad("ref", $"no purchase '{of}' within the {lookback.Days} days before the refund.");
                }

                var returned = Returned(row, original);
                return row.Checked("detail", () => new RefundEvent(row.Required("id"), row.Instant("at"), original, returned));
            case "redemption":
                long points = row.Long("points") ?? throw row.Bad("points", "a redemption needs its points.");
                return row.Checked("points", () => new RedemptionEvent(row.Required("id"), member, row.Instant("at"), points, row.Optional("detail")));
            case "adjustment":
                long adjusted = row.Long("points") ?? throw row.Bad("points", "an adjustment needs its points.");
                return row.Checked("points", () => new AdjustmentEvent(row.Required("id"), member, row.Instant("at"), adjusted, row.Optional("detail") ?? "adjustment"));
            case "activity":
                string what = row.Optional("detail") ?? throw row.Bad("detail", "an activity names its kind (signUp, review, checkIn, custom:name, ...).");
                string? custom = what.StartsWith("custom:", StringComparison.Ordinal) ? what["custom:".Length..] : null;
                if (!Enum.TryParse<ActivityKind>(custom is null ? what : "Custom", ignoreCase: true, out var activity) || int.TryParse(what, out _))
                {
                    throw row.Bad("detail", $"'{what}' is not an activity kind ({string.Join(", ", Enum.GetNames<ActivityKind>().Select(Camel))}, or custom:name).");
                }

                return row.Checked("detail", () => new ActivityAccrualEvent(new ActivityEvent(row.Required("id"), member, row.Instant("at"), activity, custom, row.Optional("channel"))));
            case "referral":
                string side = row.Optional("detail") ?? throw row.Bad("detail", "a referral award names its side (referrer or referee).");
                var which = side switch
                {
                    "referrer" => ReferralSide.Referrer,
                    "referee" => ReferralSide.Referee,
                    _ => throw row.Bad("detail", $"'{side}' is not a side: referrer or referee."),
                };
                return row.Checked("id", () => new ReferralAwardEvent(row.Required("id"), which, member, row.Instant("at")));
            case "tier":
                string how = row.Optional("detail") ?? "floor";
                if (how == "removal")
                {
                    return row.Checked("id", () => TierOverrideEvent.Removal(row.Required("id"), member, row.Instant("at")));
                }

                if (!Enum.TryParse<TierOverrideKind>(how, ignoreCase: true, out var overrideKind) || int.TryParse(how, out _))
                {
                    throw row.Bad("detail", $"'{how}' is not a tier override: floor, fixedUntil, oneOff or removal.");
                }

                string tier = row.Optional("tier") ?? throw row.Bad("tier", "a tier set by hand names the tier.");
                Instant? until = row.Optional("until") is null ? null : row.Instant("until");
                return row.Checked("until", () => new TierOverrideEvent(row.Required("id"), member, row.Instant("at"), tier, overrideKind, until));
            case "paidTier":
                Instant? paidUntil = row.Optional("until") is null ? null : row.Instant("until");
                return row.Optional("tier") is { } paid
                    ? row.Checked("until", () => new PaidTierEvent(row.Required("id"), member, row.Instant("at"), paid, paidUntil))
                    : row.Checked("id", () => PaidTierEvent.Ended(row.Required("id"), member, row.Instant("at")));
            default:
                throw row.Bad("kind", $"'{kind}' is not a row kind: member, purchase, refund, redemption, adjustment, activity, referral, tier or paidTier.");
        }
    }

    private static List<ReturnedLine> Returned(Row row, Transaction original)
    {
        if (row.Optional("detail") is not { } detail)
        {
            return [.. original.Lines.Select((line, i) => new ReturnedLine(i, line.Quantity))];
        }

        var returned = new List<ReturnedLine>();
        foreach (string part in detail.Split('|', StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':');
            if (pieces.Length != 2 || !int.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                || !decimal.TryParse(pieces[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal quantity))
            {
                throw row.Bad("detail", $"'{part}' is not a returned line: line:quantity, the line counted from 0 (e.g. 0:1|2:0.5).");
            }

            returned.Add(new ReturnedLine(index, quantity));
        }

        return returned;
    }

    internal static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Splits one CSV line: commas, and double quotes around a cell that holds commas or quotes ("" for a quote).</summary>
    internal static List<string> Split(string text)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    private sealed class PurchaseRows(string id, string memberId, Instant at, string channel, int firstLine)
    {
        public string Id { get; } = id;

        public string MemberId { get; } = memberId;

        public Instant At { get; } = at;

        public string Channel { get; } = channel;

        public int FirstLine { get; } = firstLine;

        public List<TransactionLine> Lines { get; } = [];
    }

    /// <summary>One row's cells by column name, with parsing that names the line and column of what is wrong.</summary>
    private readonly struct Row(List<string> cells, int[] column, int line)
    {
        public string? Optional(string name)
        {
            int index = column[ColumnIndex[name]];
            return index >= 0 && index < cells.Count && cells[index].Trim() is { Length: > 0 } value ? value : null;
        }

        public string Required(string name) => Optional(name) ?? throw Bad(name, "is empty; every row needs it.");

        public Instant Instant(string name)
        {
            string text = Required(name);
            var instant = InstantPattern.ExtendedIso.Parse(text);
            if (instant.Success)
            {
                return instant.Value;
            }

            var offset = OffsetDateTimePattern.ExtendedIso.Parse(text);
            return offset.Success ? offset.Value.ToInstant()
                : throw Bad(name, $"'{text}' is not an instant: ISO 8601 with Z or an offset (2026-03-01T09:30:00Z, 2026-03-01T09:30:00-05:00).");
        }

        public LocalDate Date(string name, string text) => Parse(name, LocalDatePattern.Iso, text);

        public T Parse<T>(string name, IPattern<T> pattern, string text)
        {
            var result = pattern.Parse(text);
            return result.Success ? result.Value : throw Bad(name, $"'{text}' is not valid here: {result.Exception.Message}");
        }

        public decimal? Decimal(string name)
            => Optional(name) is not { } text ? null
            : decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal value) ? value
            : throw Bad(name, $"'{text}' is not a number (invariant culture: 12.50).");

        public long? Long(string name)
            => Optional(name) is not { } text ? null
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value
            : throw Bad(name, $"'{text}' is not a whole number.");

        /// <summary>Builds a value whose constructor checks it; its refusal becomes this row's problem.</summary>
        public T Checked<T>(string name, Func<T> build)
        {
            try
            {
                return build();
            }
            catch (ArgumentException e)
            {
                throw Bad(e.ParamName ?? name, e.Message);
            }
        }

        public HistoryCsvException Bad(string name, string reason) => new(new HistoryCsvProblem(line, name, reason));
    }
}

/// <summary>A row of a history CSV that could not be read.</summary>
/// <param name="Line">The line number (1 is the header).</param>
/// <param name="Column">The column (or, for a value a constructor refused, the field it names).</param>
/// <param name="Reason">What is wrong.</param>
public sealed record HistoryCsvProblem(int Line, string Column, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"line {Line.ToString(CultureInfo.InvariantCulture)}, {Column}: {Reason}";
}

/// <summary>A history CSV that cannot be read: the line, the column and the reason.</summary>
public sealed class HistoryCsvException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What is wrong, and where.</param>
    public HistoryCsvException(HistoryCsvProblem problem)
        : base(Preconditions.NotNull(problem, nameof(problem)).ToString()) => Problem = problem;

    /// <summary>What is wrong, and where.</summary>
    public HistoryCsvProblem Problem { get; }
}
