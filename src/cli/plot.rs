//! SVG plots of benchmark rows (plotters): speedup over dense against
//! sparsity, one line per kernel and block shape.

use anyhow::Context;
use plotters::prelude::*;
use sparsejit::bench::BenchRow;
use std::collections::BTreeMap;
use std::path::Path;

pub fn speedup_svg(rows: &[BenchRow], path: &Path) -> anyhow::Result<()> {
    let mut lines: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.kernel != "dense") {
        lines
            .entry(format!("{} {}", r.kernel, r.block))
            .or_default()
            .push((r.sparsity, r.speedup_vs_dense));
    }
    let ymax = lines.values().flatten().map(|p| p.1).fold(1.0f64, f64::max) * 1.1;
    let (xmin, xmax) = rows.iter().fold((1.0f64, 0.0f64), |(lo, hi), r| {
        (lo.min(r.sparsity), hi.max(r.sparsity))
    });
    let title = rows.first().map_or(String::new(), |r| {
        format!(
            "{} ({} thread(s)): speedup over dense GEMM",
            r.name, r.threads
        )
    });
    let root = SVGBackend::new(path, (900, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d((xmin - 0.02)..(xmax + 0.02), 0.0..ymax)?;
    chart
        .configure_mesh()
        .x_desc("sparsity")
        .y_desc("speedup over dense (x)")
        .draw()?;
    for (i, (label, mut pts)) in lines.into_iter().enumerate() {
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        let color = Palette99::pick(i).to_rgba();
        chart
            .draw_series(LineSeries::new(pts.clone(), color.stroke_width(2)))?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart.draw_series(pts.into_iter().map(|p| Circle::new(p, 3, color.filled())))?;
    }
    chart.draw_series(LineSeries::new(
        [(xmin - 0.02, 1.0), (xmax + 0.02, 1.0)],
        BLACK.mix(0.4),
    ))?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;
    root.present().context("rendering the SVG")?;
    Ok(())
}
