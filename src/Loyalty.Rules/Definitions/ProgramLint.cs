using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What the program check looks for beyond validity: the ceiling on stacked multipliers.</summary>
public sealed record LintPolicy
{
    /// <summary>No ceiling.</summary>
    public static LintPolicy Default { get; } = new();

    /// <summary>The most the program's multipliers and tier factors may multiply points by together, or null for no ceiling.</summary>
    public decimal? MaxStackedMultiplier { get; init; }

    internal void Validate(ProgramCheck check, string path)
    {
        if (MaxStackedMultiplier is { } ceiling && ceiling < 1m)
        {
            check.Fail(path + ".maxStackedMultiplier", string.Create(CultureInfo.InvariantCulture, $"must be 1 or more, was {ceiling}."));
        }
    }
}

/// <summary>One thing the program check found: a JSON path into the program's definition and the reason.</summary>
/// <param name="Path">The JSON path (<c>$.earn[3]</c>).</param>
/// <param name="Reason">What is wrong, and what to do.</param>
public sealed record LintFinding(string Path, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Reason}";
}

/// <summary>
/// The program check (lint): a valid program may still be a mistake. It reports rate rules that overlap and would
/// both pay for the same line unless one is marked <see cref="EarnPolicy.Stackable"/>, rules that can never fire (a
/// window that has ended, categories excluded from earning, a first-match member always beaten by an unconditional
/// one), multipliers that can stack beyond <see cref="LintPolicy.MaxStackedMultiplier"/>, and catalog
/// rewards nobody can redeem any more or afford.
/// </summary>
internal static class ProgramLint
{
    public static IReadOnlyList<LintFinding> Check(LoyaltyProgram program, Instant asOf)
    {
        var findings = new List<LintFinding>();
        var today = asOf.InZone(program.TimeZone).Date;
        Scope(program, program.Earn, "$.earn", Composition.Sum, asOf, findings);
        for (int i = 0; i < program.Activities.Length; i++)
        {
            Ended(program.Activities[i].When, $"$.activities[{i}]", today, findings);
        }

        findings.AddRange(CatalogRewardLint.Check(program, today));
        findings.AddRange(GameLint.Check(program, today));
        if (program.LintPolicy.MaxStackedMultiplier is { } ceiling)
        {
            var (stack, parts) = Stack(program.Earn, Composition.Sum, p => CanFire(program.EarningBase, p, today) && !p.HasEnded(asOf));
            if (stack > ceiling)
            {
                findings.Add(new("$.earn", string.Create(CultureInfo.InvariantCulture,
                    $"multipliers can stack to x{stack:0.####} ({string.Join(", ", parts)}), above the ceiling x{ceiling:0.####} the program sets in lint.maxStackedMultiplier.")));
            }
        }

        return findings;
    }

    private static void Scope(LoyaltyProgram program, IReadOnlyList<EarnPolicy> policies, string path, Composition composition, Instant asOf, List<LintFinding> findings)
    {
        var today = asOf.InZone(program.TimeZone).Date;
        for (int i = 0; i < policies.Count; i++)
        {
            var policy = policies[i];
            string at = $"{path}[{i}]";
            Ended(policy.When, at, today, findings);
            Excluded(program.EarningBase, policy, at, findings);
            findings.AddRange(policy.Lint(program.EarningBase, asOf, at));
            if (composition == Composition.Sum && policy.PaysOnLines && !policy.Stackable)
            {
                for (int j = 0; j < i; j++)
                {
                    if (policies[j] is { PaysOnLines: true, Stackable: false } earlier && MayOverlap(earlier.When, policy.When))
                    {
                        findings.Add(new(at, $"pays on the same lines as '{earlier.Id}' ({path}[{j}]) when both apply: mark one stackable, or put them in a first-match or best-of group."));
                    }
                }
            }

            if (composition == Composition.FirstMatch && Shadowing(policies, policy) is { } winner)
            {
                findings.Add(new(at, $"can never fire: '{winner.Id}' comes first in this first-match group (priority {winner.Priority}) and has no condition."));
            }

            if (policy is PolicyGroup group)
            {
                Scope(program, group.Policies, at + ".policies", group.Composition, asOf, findings);
            }
        }
    }

    /// <summary>An unconditional member that a first-match group tries before <paramref name="policy"/>.</summary>
    private static EarnPolicy? Shadowing(IReadOnlyList<EarnPolicy> members, EarnPolicy policy)
    {
        int index = IndexOf(members, policy);
        for (int j = 0; j < members.Count; j++)
        {
            var other = members[j];
            bool before = other.Priority > policy.Priority || (other.Priority == policy.Priority && j < index);
            if (before && other.When is null && other is not PolicyGroup)
            {
                return other;
            }
        }

        return null;
    }

    private static int IndexOf(IReadOnlyList<EarnPolicy> members, EarnPolicy policy)
    {
        for (int i = 0; i < members.Count; i++)
        {
            if (ReferenceEquals(members[i], policy))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether a step can act at all: its window has not ended and its categories are not all excluded.</summary>
    private static bool CanFire(EarningBase earningBase, EarnPolicy policy, LocalDate today)
        => !HasEnded(policy.When, today) && !OnlyOnExcluded(earningBase, policy);

    private static bool HasEnded(Condition? when, LocalDate today) => when?.To is { } to && to < today;

    /// <summary>A line-scoped step whose categories and skus are all excluded from earning.</summary>
    private static bool OnlyOnExcluded(EarningBase earningBase, EarnPolicy policy)
        => policy is LineScopedPolicy scoped && (scoped.Categories.Count > 0 || scoped.Skus.Count > 0)
           && scoped.Categories.All(c => earningBase.ExcludedCategories.Contains(c, StringComparer.Ordinal))
           && scoped.Skus.All(s => earningBase.ExcludedSkus.Contains(s, StringComparer.Ordinal));

    private static void Ended(Condition? when, string path, LocalDate today, List<LintFinding> findings)
    {
        if (HasEnded(when, today))
        {
            findings.Add(new(path + ".when.to", $"its window ended on {when!.To!.Value:uuuu-MM-dd}: it can never fire again."));
        }
    }

    private static void Excluded(EarningBase earningBase, EarnPolicy policy, string path, List<LintFinding> findings)
    {
        if (OnlyOnExcluded(earningBase, policy))
        {
            var scoped = (LineScopedPolicy)policy;
            findings.Add(new(path, $"acts only on {string.Join(", ", scoped.Categories.Concat(scoped.Skus))}, excluded from earning by the earning base: it can never fire."));
        }

    }

    /// <summary>Whether one transaction can meet both conditions: a transaction has one date, day, channel, store,
    /// partner and member tier (a member may hold several segments, so segments never separate two conditions).</summary>
    private static bool MayOverlap(Condition? a, Condition? b)
    {
        if (a is null || b is null)
        {
            return true;
        }

        bool datesMeet = (a.From ?? LocalDate.MinIsoValue) <= (b.To ?? LocalDate.MaxIsoValue) && (b.From ?? LocalDate.MinIsoValue) <= (a.To ?? LocalDate.MaxIsoValue);
        return datesMeet && Meet(a.DaysOfWeek, b.DaysOfWeek) && Meet(a.Channels, b.Channels) && Meet(a.Tiers, b.Tiers)
               && Meet(a.Stores, b.Stores) && Meet(a.Partners, b.Partners);
    }

    private static bool Meet<T>(IReadOnlyList<T> a, IReadOnlyList<T> b) => a.Count == 0 || b.Count == 0 || a.Intersect(b).Any();

    /// <summary>The most the multipliers and tier factors of a scope can multiply by together, and which they are.</summary>
    private static (decimal Stack, List<string> Parts) Stack(IReadOnlyList<EarnPolicy> policies, Composition composition, Func<EarnPolicy, bool> canFire)
    {
        var options = policies.Where(p => canFire(p) && (composition != Composition.FirstMatch || Shadowing(policies, p) is null)).Select(p => p switch
        {
            PolicyGroup g => Stack(g.Policies, g.Composition, canFire),
            { StackFactor: > 1m } => (p.StackFactor, [string.Create(CultureInfo.InvariantCulture, $"{p.Id} x{p.StackFactor:0.####}")]),
            _ => (1m, new List<string>()),
        }).ToList();
        if (composition == Composition.Sum)
        {
            decimal product = 1m;
            var parts = new List<string>();
            foreach (var (factor, names) in options)
            {
                product = decimal.Round(Math.Min(product * factor, 1_000_000m), 6);
                parts.AddRange(names);
            }

            return (product, parts);
        }

        return options.Count == 0 ? (1m, []) : options.MaxBy(o => o.Item1);
    }
}
