"""The binary and generated cases of the bad-data corpus, written at test time.

The text cases are folders beside this file. The cases here are bytes an editor would mangle
(Windows-1252, UTF-16, NUL, mixed line endings), binary files (XLSX, Parquet, PNG) and the big
file, so they are generated into a temporary folder rather than committed:

    python tests/data/bad/make_corpus.py DEST [CASE ...]      # every case if none is named

Each case starts from the `valid` folder (the smallest dataset the app shows) and changes one
thing. tests/data/bad/README.md says what each case is and what the validator must say.
"""

from __future__ import annotations

import csv
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
VALID = HERE / "valid"

# The smallest PNG there is (1x1 pixel): a picture saved with the wrong name.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f80f00000101000518d84e0000000049454e44ae426082"
)


def _copy_valid(dest: Path) -> Path:
    shutil.copytree(VALID, dest)
    return dest


def _text(dest: Path, table: str) -> str:
    return (dest / f"{table}.csv").read_text(encoding="utf-8")


def cp1252(dest: Path) -> None:
    """Norwegian Excel's "CSV (semikolondelt)": Windows-1252 and semicolons. Accepted."""
    for table in ("units", "indicators", "observations"):
        path = dest / f"{table}.csv"
        path.write_bytes(_text(dest, table).replace(",", ";").encode("cp1252"))


def mixed_encoding(dest: Path) -> None:
    """UTF-8 file with one line added in Windows-1252 (pasted from another export)."""
    path = dest / "indicators.csv"
    extra = "fall,Fallskader på sykehjem,Falls,social,Trygg og aktiv hverdag,count,lower_is_better,0\n"
    path.write_bytes(path.read_bytes() + extra.encode("cp1252"))


def utf16(dest: Path) -> None:
    """Excel's "Unicode text": UTF-16 with a byte order mark. Accepted."""
    path = dest / "units.csv"
    path.write_bytes(_text(dest, "units").encode("utf-16"))


def nul_byte(dest: Path) -> None:
    """A NUL byte inside a cell (a damaged file)."""
    path = dest / "observations.csv"
    path.write_bytes(path.read_bytes().replace(b"10.9", b"10\x00.9"))


def png_as_csv(dest: Path) -> None:
    """A picture saved as observations.csv."""
    (dest / "observations.csv").write_bytes(PNG)


def xlsx_as_csv(dest: Path) -> None:
    """An Excel workbook renamed to observations.csv."""
    from openpyxl import Workbook

    book = Workbook()
    for line in _text(dest, "observations").splitlines():
        book.active.append(line.split(","))
    book.save(dest / "observations.xlsx")
    (dest / "observations.csv").unlink()
    (dest / "observations.xlsx").rename(dest / "observations.csv")


def mixed_line_endings(dest: Path) -> None:
    """Windows (CRLF), Unix (LF) and old Mac (CR) line ends in one file. Accepted."""
    lines = _text(dest, "observations").splitlines()
    ends = ["\r\n", "\n", "\r", "\n", "\r\n", "\n"]
    text = "".join(line + ends[i % len(ends)] for i, line in enumerate(lines))
    (dest / "observations.csv").write_bytes(text.encode("utf-8"))


def long_cell(dest: Path) -> None:
    """A 200 000-character description (more than the csv module's default field limit)."""
    path = dest / "indicators.csv"
    lines = _text(dest, "indicators").splitlines(keepends=True)
    lines[0] = lines[0].replace("\n", ",description\n")
    lines[1] = lines[1].replace("\n", ',"' + "Lang tekst. " * 16_667 + '"\n')
    path.write_text("".join(lines), encoding="utf-8")


def xlsx_workbook(dest: Path) -> None:
    """One workbook instead of the folder: a formula without a saved value (written by a
    program, never opened in Excel), merged cells, an extra sheet and a hidden extra sheet."""
    from openpyxl import Workbook

    folder = dest.with_name(dest.name + "-src")
    dest.rename(folder)
    dest.mkdir()
    book = Workbook()
    book.remove(book.active)
    for table in ("units", "indicators", "observations"):
        sheet = book.create_sheet(table)
        for line in (folder / f"{table}.csv").read_text(encoding="utf-8").splitlines():
            sheet.append([_number(cell) for cell in next(csv.reader([line]))])
    observations = book["observations"]
    observations["D6"] = "=D4+D5"  # vedtak for hso = sentrum + aassiden, never calculated
    observations.merge_cells("A4:A5")  # "vedtak" merged down over two rows: A5 loses its value
    book.create_sheet("Notater")["A1"] = "Tall fra årsrapporten"
    hidden = book.create_sheet("Pivot")
    hidden["A1"] = "indicator_id"
    hidden.sheet_state = "hidden"
    book.save(dest / "dataset.xlsx")
    shutil.rmtree(folder)


def _number(cell: str) -> object:
    try:
        return float(cell) if "." in cell else int(cell)
    except ValueError:
        return cell


def parquet_wrong_types(dest: Path) -> None:
    """observations.parquet with a value column of text, a period stored as a float and a
    status stored as numbers; a units.parquet whose parent_id is an integer column."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    (dest / "observations.csv").unlink()
    table = pa.table(
        {
            "indicator_id": ["sykefravaer", "sykefravaer", "vedtak", "vedtak", "vedtak"],
            "unit_id": ["hso", "hso", "sentrum", "aassiden", "hso"],
            "period": pa.array([2015.0, 2016.5, 2016.0, 2016.0, 2016.0]),
            "value": ["11.2", "10.9", "mange", "1316", "2632"],
            "status": pa.array([1, 1, 1, 1, 1], pa.int8()),
        }
    )
    pq.write_table(table, dest / "observations.parquet")


def truncated_parquet(dest: Path) -> None:
    """A Parquet file cut off halfway (a copy that did not finish)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    (dest / "observations.csv").unlink()
    path = dest / "observations.parquet"
    pq.write_table(pa.table({"indicator_id": ["sykefravaer"], "value": [10.9]}), path)
    path.write_bytes(path.read_bytes()[:40])


def zip_not_xlsx(dest: Path) -> None:
    """A .xlsx file that is a zip archive but not a workbook (e.g. a zipped folder)."""
    (dest / "observations.csv").unlink()
    with zipfile.ZipFile(dest / "observations.xlsx", "w") as archive:
        archive.writestr("observations.csv", _text(VALID, "observations"))


GENERATED: dict[str, Callable[[Path], None]] = {
    "cp1252": cp1252,
    "mixed_encoding": mixed_encoding,
    "utf16": utf16,
    "nul_byte": nul_byte,
    "png_as_csv": png_as_csv,
    "xlsx_as_csv": xlsx_as_csv,
    "mixed_line_endings": mixed_line_endings,
    "long_cell": long_cell,
    "xlsx_workbook": xlsx_workbook,
    "parquet_wrong_types": parquet_wrong_types,
    "truncated_parquet": truncated_parquet,
    "zip_not_xlsx": zip_not_xlsx,
}


def build(name: str, root: Path) -> Path:
    """Write case `name` into `root / name` and return the path to validate (folder or workbook)."""
    dest = _copy_valid(root / name)
    GENERATED[name](dest)
    workbooks = list(dest.glob("*.xlsx"))
    return workbooks[0] if name == "xlsx_workbook" else dest


def big(dest: Path, size: int, bad_every: int = 1_000_000) -> tuple[Path, int, int]:
    """The valid dataset with an observations.csv of about `size` bytes: its own 5 rows (lines
    2-6), then monthly values for 2000 more units from the year 1000 on, one bad value (`x`)
    every `bad_every` of those rows (line `6 + k * bad_every`). Returns the folder, the rows
    added and the bad rows.

    The units are written too (observations must refer to them). Written in blocks, so it
    takes little memory.
    """
    dest = _copy_valid(dest)
    n_units = 2000
    with (dest / "units.csv").open("a", encoding="utf-8", newline="") as f:
        f.writelines(f"u{u:04d},Enhet {u},hso,service\n" for u in range(n_units))
    rows = bad = 0
    valid = _text(dest, "observations")
    with (dest / "observations.csv").open("w", encoding="utf-8", newline="") as f:
        f.write(valid)
        written = len(valid)
        year = 1000
        while written < size:
            block = []
            for unit in range(n_units):
                for month in range(1, 13):
                    rows += 1
                    value = "x" if rows % bad_every == 0 else f"{(unit * 7 + month * 13 + year) % 1000}.5"
                    bad += value == "x"
                    block.append(f"vedtak,u{unit:04d},{year}-{month:02d},{value},final\n")
            text = "".join(block)
            f.write(text)
            written += len(text)
            year += 1
    return dest, rows, bad


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    for case in sys.argv[2:] or list(GENERATED):
        print(build(case, target))
