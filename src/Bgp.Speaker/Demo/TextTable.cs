namespace Bgp.Speaker.Demo;

/// <summary>A plain-text table: left-aligned columns as wide as their widest cell, two spaces apart.</summary>
internal sealed class TextTable(params string[] headers)
{
    private const string ColumnGap = "  ";
    private readonly List<string[]> _rows = [headers];

    public TextTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public void WriteTo(TextWriter writer, string indent)
    {
        int[] widths = [.. Enumerable.Range(0, headers.Length).Select(column => _rows.Max(row => row[column].Length))];
        foreach (string[] row in _rows)
        {
            string line = string.Join(ColumnGap, row.Select((cell, column) => cell.PadRight(widths[column])));
            writer.WriteLine((indent + line).TrimEnd());
        }
    }
}
