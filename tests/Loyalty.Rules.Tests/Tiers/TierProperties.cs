using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Loyalty.Rules.Tests.Tiers;

/// <summary>A ladder, a member's tier status, a history of qualifying activity, one more activity, and an instant.</summary>
public sealed record TierCase(LoyaltyProgram Program, TierStatus Status, QualifyingActivity[] History, QualifyingActivity Extra, Instant At)
{
    public override string ToString()
        => $"{Program.TierLadder} status {Status} at {At}{Environment.NewLine}extra {Extra}{Environment.NewLine}" + string.Join(Environment.NewLine, History.Select(h => h.ToString()));
}

public static class TierGenerators
{
    private static readonly Instant Origin = Instant.FromUtc(2024, 1, 1, 12, 0);

    public static Arbitrary<TierCase> Cases() =>
        (from window in Gen.Elements(Enum.GetValues<TierWindow>())
         from grace in Gen.Elements(0, 0, 30)
         from dropOne in Gen.Elements(false, true)
         from keep in Gen.Elements(false, true)
         from goldForLife in Gen.Elements(false, true)
         from anyNights in Gen.Elements(false, true)
         from enrolledDays in Gen.Choose(0, 3 * 365)
         from paid in Gen.Frequency((3, Gen.Constant<(string?, int)>((null, 0))), (1, Gen.Choose(0, 6 * 365).Select(d => ((string?)"Silver", d))))
         from manual in Gen.Frequency((3, Gen.Constant<TierOverride?>(null)), (1, Override()))
         from count in Gen.Choose(0, 25)
         from history in Activity().ArrayOf(count)
         from extra in Activity()
         from atDays in Gen.Choose(0, 6 * 365)
         let ladder = Ladder(window, grace, dropOne, keep, goldForLife, anyNights)
         let status = new TierStatus
         {
             EnrolledOn = new LocalDate(2024, 1, 1).PlusDays(enrolledDays),
             PaidTierId = paid.Item1,
             PaidUntil = paid.Item1 is null ? null : Origin.Plus(Duration.FromDays(paid.Item2)),
             Override = manual,
         }
         select new TierCase(TierTests.Program(ladder), status, history, extra, Origin.Plus(Duration.FromDays(atDays)).Plus(Duration.FromHours(atDays % 24)))).ToArbitrary();

    private static Gen<QualifyingActivity> Activity() =>
        from days in Gen.Choose(0, 6 * 365)
        from minutes in Gen.Choose(0, 24 * 60)
        from spend in Gen.Choose(0, 900)
        from nights in Gen.Elements(0, 0, 1, 4)
        select new QualifyingActivity { At = Origin.Plus(Duration.FromDays(days) + Duration.FromMinutes(minutes)), Spend = spend, Nights = nights, Transactions = 1 };

    private static Gen<TierOverride?> Override() =>
        from kind in Gen.Elements(Enum.GetValues<TierOverrideKind>())
        from tier in Gen.Elements("Bronze", "Silver", "Gold")
        from setDays in Gen.Choose(0, 5 * 365)
        from length in Gen.Choose(1, 500)
        select (TierOverride?)new TierOverride
        {
            TierId = tier,
            Kind = kind,
            SetAt = Origin.Plus(Duration.FromDays(setDays)),
            Until = kind == TierOverrideKind.FixedUntil || length % 2 == 0 ? Origin.Plus(Duration.FromDays(setDays + length)) : null,
        };

    private static TierLadder Ladder(TierWindow window, int grace, bool dropOne, bool keep, bool goldForLife, bool anyNights)
    {
        var ladder = TierTests.Ladder(window, grace, dropOne, keep, goldForLife);
        if (!anyNights)
        {
            return ladder;
        }

        var gold = ladder.Tiers[2] with
        {
            Qualification = TierQualification.Any,
            Thresholds = new Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 1000m, [TierMetric.Nights] = 12m },
        };
        return ladder with { Tiers = [ladder.Tiers[0], ladder.Tiers[1], gold] };
    }
}

public class TierProperties
{
    private const int Cases = 10_000;

    [Property(MaxTest = Cases, Arbitrary = [typeof(TierGenerators)])]
    public Property MoreQualifyingActivity_NeverGivesALowerTier(TierCase c)
    {
        var before = c.Program.DecideTier(c.Status, c.History, c.At);
        var after = c.Program.DecideTier(c.Status, [.. c.History, c.Extra], c.At);
        return (Rank(c, after.TierId) >= Rank(c, before.TierId))
            .Label($"{before.TierId} ({before.Reason}) became {after.TierId} ({after.Reason})")
            .Classify(before.TierId != after.TierId, "the extra activity moved the tier");
    }

    [Property(MaxTest = Cases, Arbitrary = [typeof(TierGenerators)])]
    public bool Decision_IsTheSame_WhateverOrderTheEventsArriveIn(TierCase c)
    {
        var inOrder = c.Program.DecideTier(c.Status, c.History, c.At);
        var reversed = c.Program.DecideTier(c.Status, c.History.Reverse(), c.At);
        var shuffled = c.Program.DecideTier(c.Status, c.History.OrderBy(h => h.Spend).ThenByDescending(h => h.Nights), c.At);
        return Same(inOrder, reversed) && Same(inOrder, shuffled);
    }

    [Property(MaxTest = Cases, Arbitrary = [typeof(TierGenerators)])]
    public bool Decision_AtTheSameInstantTwice_Agrees(TierCase c)
        => Same(c.Program.DecideTier(c.Status, c.History, c.At), c.Program.DecideTier(c.Status, c.History, c.At));

    private static int Rank(TierCase c, string tierId) => c.Program.Tiers.IndexOf(tierId);

    internal static bool Same(TierDecision a, TierDecision b)
        => a.TierId == b.TierId && a.Since == b.Since && a.SecuredUntil == b.SecuredUntil && a.Reason == b.Reason
           && a.Progress.NextTierId == b.Progress.NextTierId && a.Progress.WindowEnds == b.Progress.WindowEnds
           && a.Progress.Missing.OrderBy(m => m.Key).SequenceEqual(b.Progress.Missing.OrderBy(m => m.Key));
}
