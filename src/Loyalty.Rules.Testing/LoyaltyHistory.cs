using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules.Testing;

/// <summary>
/// A generated, deterministic history of a café-like program for replays and what-if runs (<see cref="Replay"/>): members
/// who enrol over the period, buy at their own pace (coffee, food, merch, gift cards; in store, in the app, on the web),
/// redeem now and then, return a few purchases, are sometimes referred by another member, and some of whom stop coming.
/// </summary>
/// <remarks>
/// The same arguments give the same history, and <see cref="Events"/> generates it again on each call, in time order,
/// one day at a time: a year of 100,000 members streams without being held in memory. Redemptions are asked for from
/// what the member would have earned at two points per unit of currency; a program that gives less refuses some, as it
/// would have. Ids: members <c>M000001</c>, purchases <c>{member}-P{n}</c>, redemptions <c>{member}-R{n}</c>, refunds
/// <c>{purchase}-refund</c>, referrals <c>ref-{referee}</c>.
/// </remarks>
public sealed class LoyaltyHistory
{
    private static readonly (string Sku, string Category, decimal Price)[] Items =
    [
        ("latte", "coffee", 4.75m), ("americano", "coffee", 3.25m), ("cold-brew", "coffee", 5.10m), ("beans-1kg", "coffee", 24.00m),
        ("croissant", "food", 3.40m), ("sandwich", "food", 8.95m), ("salad", "food", 11.50m),
        ("mug", "merch", 16.00m), ("tumbler", "merch", 28.00m), ("gift-card-25", "gift-card", 25.00m),
    ];

    private static readonly string[] SegmentNames = ["student", "office", "family", "commuter"];
    private static readonly string[] Channels = ["store", "store", "store", "app", "app", "web"];

    private readonly Profile[] profiles;
    private readonly Dictionary<string, MemberContext> byId;
    private readonly string currency;
    private readonly DateTimeZone zone;
    private readonly int seed;

    private LoyaltyHistory(string currency, DateTimeZone zone, LocalDate from, LocalDate until, Profile[] profiles, int seed)
    {
        (this.currency, this.zone, From, Until, this.profiles, this.seed) = (currency, zone, from, until, profiles, seed);
        Members = [.. profiles.Select(p => p.Member)];
        byId = Members.ToDictionary(m => m.MemberId, StringComparer.Ordinal);
    }

    /// <summary>The first day of the history (local, in the program zone).</summary>
    public LocalDate From { get; }

    /// <summary>The day after the last day of the history.</summary>
    public LocalDate Until { get; }

    /// <summary>The members, by id: enrolment date, segments, birthday.</summary>
    public IReadOnlyList<MemberContext> Members { get; }

    /// <summary>Generates a history for a program's currency and time zone.</summary>
    /// <param name="program">The program (its currency and zone).</param>
    /// <param name="members">How many members (1 to 10,000,000).</param>
    /// <param name="from">The first local day.</param>
    /// <param name="days">How many days (1 to 3,660).</param>
    /// <param name="seed">The seed: another seed, another history.</param>
    /// <returns>The history.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public static LoyaltyHistory Generate(LoyaltyProgram program, int members, LocalDate from, int days = 365, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(members, 10_000_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, 3_660);
        var rng = new Random(seed);
        var profiles = new Profile[members];
        for (int m = 0; m < members; m++)
        {
            string id = $"M{m + 1:D6}";
            // A third enrolled before the period, the rest join during it; a few stop coming at some point.
            int joins = rng.Next(3) == 0 ? -rng.Next(1, 365) : rng.Next(days);
            int? stops = rng.Next(5) == 0 ? Math.Max(joins, 0) + rng.Next(30, 240) : null;
            double perWeek = Math.Round(0.2 + (3.0 * Math.Pow(rng.NextDouble(), 3)), 2); // 0.95 a week on average, a few regulars near 3
            var segments = SegmentNames.Where(_ => rng.Next(4) == 0).ToArray();
            AnnualDate? birthday = rng.Next(2) == 0 ? new AnnualDate(rng.Next(1, 13), rng.Next(1, 29)) : null;
            string? referrer = m > 0 && rng.Next(100) < 6 ? $"M{rng.Next(m) + 1:D6}" : null;
            profiles[m] = new Profile(
                new MemberContext(id, enrolledOn: from.PlusDays(joins), birthday: birthday, segments: segments),
                Math.Max(joins, 0), stops, perWeek / 7.0, rng.Next(), referrer);
        }

        return new LoyaltyHistory(program.Currency, program.TimeZone, from, from.PlusDays(days), profiles, seed);
    }

    /// <summary>What the history knows of a member (for <see cref="Replay.Run"/>'s <c>members</c>).</summary>
    /// <param name="memberId">The member.</param>
    /// <returns>The member's context; a bare one for an id the history does not have.</returns>
    public MemberContext MemberOf(string memberId) => byId.TryGetValue(memberId, out var member) ? member : new MemberContext(memberId);

    /// <summary>The events, in time order, generated as they are read.</summary>
    /// <returns>Purchases, redemptions, refunds and referral awards.</returns>
    public IEnumerable<LedgerEvent> Events()
    {
        var later = new PriorityQueue<LedgerEvent, (Instant, long)>();
        var today = new List<LedgerEvent>();
        var state = profiles.Select(p => new MemberRun(new Random(p.Seed ^ seed))).ToArray();
        long sequence = 0;
        int days = Period.DaysBetween(From, Until);
        for (int day = 0; day < days; day++)
        {
            var date = From.PlusDays(day);
            var opens = date.At(new LocalTime(6, 0)).InZoneLeniently(zone).ToInstant();
            today.Clear();
            for (int m = 0; m < profiles.Length; m++)
            {
                var profile = profiles[m];
                var run = state[m];
                if (day < profile.FirstDay || day >= profile.StopsOnDay || run.Random.NextDouble() >= profile.PerDay)
                {
                    continue;
                }

                var at = opens.Plus(Duration.FromSeconds(run.Random.Next(0, 15 * 3600)));
                var purchase = Purchase(profile, run, at);
                today.Add(purchase);
                run.Estimate += 2 * (long)decimal.Floor(purchase.Transaction.AmountDue.Amount);
                if (run.Purchases == 1 && profile.Referrer is { } referrer)
                {
                    string referral = $"ref-{profile.Member.MemberId}";
                    later.Enqueue(new ReferralAwardEvent(referral, ReferralSide.Referee, profile.Member.MemberId, at.Plus(Duration.FromMinutes(5))), (at.Plus(Duration.FromMinutes(5)), sequence++));
                    later.Enqueue(new ReferralAwardEvent(referral, ReferralSide.Referrer, referrer, at.Plus(Duration.FromMinutes(6))), (at.Plus(Duration.FromMinutes(6)), sequence++));
                }

                if (run.Random.Next(50) == 0)
                {
                    var refundAt = at.Plus(Duration.FromDays(run.Random.Next(1, 11)));
                    var lines = purchase.Transaction.Lines.Select((line, i) => new ReturnedLine(i, line.Quantity));
                    later.Enqueue(new RefundEvent($"{purchase.Id}-refund", refundAt, purchase.Transaction, lines), (refundAt, sequence++));
                }
                else if (run.Estimate >= 500 && run.Random.Next(3) == 0)
                {
                    long points = Math.Min(run.Estimate, 1_500) / 100 * 100;
                    run.Estimate -= points;
                    var redeemAt = at.Plus(Duration.FromMinutes(2));
                    later.Enqueue(new RedemptionEvent($"{profile.Member.MemberId}-R{++run.Redemptions}", profile.Member.MemberId, redeemAt, points), (redeemAt, sequence++));
                }
            }

            today.Sort(static (a, b) => a.At.CompareTo(b.At) is var c and not 0 ? c : string.CompareOrdinal(a.Id, b.Id));
            var ends = date.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
            int next = 0;
            while (true)
            {
                bool queued = later.TryPeek(out _, out var key) && key.Item1 < ends;
                if (!queued && next == today.Count)
                {
                    break;
                }

                yield return queued && (next == today.Count || key.Item1 <= today[next].At) ? later.Dequeue() : today[next++];
            }
        }

        var until = Until.AtStartOfDayInZone(zone).ToInstant();
        while (later.TryDequeue(out var e, out var key) && key.Item1 < until)
        {
            yield return e;
        }
    }

    private PurchaseEvent Purchase(Profile profile, MemberRun run, Instant at)
    {
        int count = 1 + (run.Random.Next(10) < 6 ? 0 : run.Random.Next(1, 4));
        var lines = new TransactionLine[count];
        for (int i = 0; i < count; i++)
        {
            var item = Items[Math.Min(Items.Length - 1, (int)(Items.Length * Math.Pow(run.Random.NextDouble(), 1.6)))];
            lines[i] = new TransactionLine(item.Sku, item.Category, run.Random.Next(20) == 0 ? 2 : 1, item.Price);
        }

        string channel = Channels[run.Random.Next(Channels.Length)];
        return new PurchaseEvent(new Transaction($"{profile.Member.MemberId}-P{++run.Purchases}", profile.Member.MemberId, at, currency, channel, lines));
    }

    private sealed record Profile(MemberContext Member, int FirstDay, int? StopsOnDay, double PerDay, int Seed, string? Referrer);

    private sealed class MemberRun(Random random)
    {
        public Random Random { get; } = random;

        public int Purchases { get; set; }

        public int Redemptions { get; set; }

        public long Estimate { get; set; }
    }
}
