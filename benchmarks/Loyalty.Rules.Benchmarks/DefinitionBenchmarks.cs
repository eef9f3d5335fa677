using System;
using System.IO;
using BenchmarkDotNet.Attributes;

namespace Loyalty.Rules.Benchmarks;

/// <summary>Loading P1 from its JSON file (parse, validate, compile) and writing it back.</summary>
[MemoryDiagnoser]
public class DefinitionBenchmarks
{
    private byte[] json = null!;
    private LoyaltyProgram program = null!;

    [GlobalSetup]
    public void Setup()
    {
        json = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "programs", "p1-coffee.json"));
        program = LoyaltyProgram.FromJson(json);
    }

    [Benchmark(Description = "Load P1 from JSON (parse, validate, compile)")]
    public LoyaltyProgram Load() => LoyaltyProgram.FromJson(json);

    [Benchmark(Description = "Write P1 as canonical JSON")]
    public byte[] Write() => program.ToJsonUtf8();
}
