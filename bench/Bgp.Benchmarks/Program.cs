using BenchmarkDotNet.Running;

namespace Bgp.Benchmarks;

/// <summary>
/// Runs the codec benchmarks. Examples:
///   dotnet run -c Release --project bench/Bgp.Benchmarks -- --filter '*'
///   dotnet run -c Release --project bench/Bgp.Benchmarks -- --filter '*Update*' --job short
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
