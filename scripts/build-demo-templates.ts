/**
 * Builds the demo's export templates (examples/demo/exports): the management
 * accounts workbook and the board deck, as a finance team would keep them.
 * Run again after changing this file: `node --import tsx scripts/build-demo-templates.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import PptxGenJS from 'pptxgenjs';

const OUT = resolve(import.meta.dirname, '../examples/demo/exports');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LINES = ['Revenue', 'Cost of sales', 'Operating expenses', 'Depreciation and amortisation', 'Finance costs'];
const SHEET = 'P&L';

async function buildWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Roundtrip demo';
  const ws = wb.addWorksheet(SHEET, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 5 }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1 },
  });
  ws.columns = [{ width: 30 }, ...MONTHS.map(() => ({ width: 11 })), { width: 13 }];
  const navy = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } } as const;
  const pale = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF6' } } as const;
  ws.mergeCells('A1:N1');
  Object.assign(ws.getCell('A1'), { value: 'Management accounts', font: { bold: true, size: 16, color: { argb: 'FFFFFFFF' } }, fill: navy });
  ws.getCell('A2').value = 'Entity';
  ws.getCell('B2').font = { bold: true };
  ws.mergeCells('B2:E2');
  ws.getCell('A3').value = 'Year';
  ws.getCell('B3').font = { bold: true };
  ws.getCell('B3').alignment = { horizontal: 'left' };
  const header = ws.getRow(5);
  header.values = ['P&L line', ...MONTHS, 'Full year'];
  header.font = { bold: true };
  header.eachCell((cell) => Object.assign(cell, { fill: pale, border: { bottom: { style: 'thin' } }, alignment: { horizontal: 'center' } }));
  const money = '#,##0;[Red]-#,##0';
  const block = (title: string, first: number) => {
    Object.assign(ws.getCell(`A${first - 1}`), { value: title, font: { bold: true, color: { argb: 'FF1F3A5F' } } });
    LINES.forEach((line, i) => {
      const row = ws.getRow(first + i);
      row.getCell(1).value = line;
      for (let m = 2; m <= 13; m += 1) row.getCell(m).numFmt = money;
      row.getCell(14).value = { formula: `SUM(B${first + i}:M${first + i})` };
      row.getCell(14).numFmt = money;
      row.getCell(14).font = { bold: true };
    });
    const net = ws.getRow(first + LINES.length);
    net.getCell(1).value = 'Net result';
    net.font = { bold: true };
    for (let m = 2; m <= 14; m += 1) {
      const col = String.fromCharCode(64 + m);
      const cell = net.getCell(m);
      cell.value = { formula: `${col}${first}-SUM(${col}${first + 1}:${col}${first + 4})` };
      Object.assign(cell, { numFmt: money, border: { top: { style: 'thin' }, bottom: { style: 'double' } } });
    }
  };
  block('Actual', 7);
  block('Budget', 15);
  // Variance: actual minus budget, cell by cell (formulas only).
  ws.getCell('A22').value = 'Variance (actual − budget)';
  ws.getCell('A22').font = { bold: true, color: { argb: 'FF1F3A5F' } };
  for (let i = 0; i <= LINES.length; i += 1) {
    const row = ws.getRow(23 + i);
    row.getCell(1).value = i < LINES.length ? LINES[i] : 'Net result';
    if (i === LINES.length) row.font = { bold: true };
    for (let m = 2; m <= 14; m += 1) {
      const col = String.fromCharCode(64 + m);
      row.getCell(m).value = { formula: `${col}${7 + i}-${col}${15 + i}` };
      row.getCell(m).numFmt = money;
    }
  }
  ws.getCell('A31').value = 'Figures are filled from live warehouse data when the pack is exported; totals, variances and the chart follow.';
  ws.getCell('A31').font = { italic: true, color: { argb: 'FF666666' } };
  wb.definedNames.add(`'${SHEET}'!$B$2`, 'entity_name');
  wb.definedNames.add(`'${SHEET}'!$B$3`, 'plan_year');
  wb.definedNames.add(`'${SHEET}'!$A$7:$M$11`, 'actual');
  wb.definedNames.add(`'${SHEET}'!$A$15:$M$19`, 'budget');
  const notes = wb.addWorksheet('Notes');
  notes.getCell('A1').value = 'Board notes';
  notes.getCell('A1').font = { bold: true };
  notes.getCell('A2').value = 'This sheet is the finance team’s own; exports leave it as it is.';
  return withNetResultChart(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** Adds a native line chart (net result, actual vs budget, by month) on the P&L sheet: ExcelJS writes no charts. */
async function withNetResultChart(xlsx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  // Sheet names are quoted in formulas and XML-escaped in the part (P&L → P&amp;L).
  const ref = (range: string) => `'${SHEET.replace("'", "''").replace('&', '&amp;')}'!${range}`;
  const series = (idx: number, name: string, row: number, color: string) => `<c:ser><c:idx val="${idx}"/><c:order val="${idx}"/>
      <c:tx><c:v>${name}</c:v></c:tx><c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="${color}"/></a:solidFill></a:ln></c:spPr><c:marker><c:symbol val="none"/></c:marker>
      <c:cat><c:strRef><c:f>${ref('$B$5:$M$5')}</c:f></c:strRef></c:cat>
      <c:val><c:numRef><c:f>${ref(`$B$${row}:$M$${row}`)}</c:f></c:numRef></c:val><c:smooth val="0"/></c:ser>`;
  zip.file(
    'xl/charts/chart1.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
  <c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>Net result by month: actual vs budget</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>
    <c:autoTitleDeleted val="0"/>
    <c:plotArea><c:layout/>
      <c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>
        ${series(0, 'Actual', 12, '1F3A5F')}
        ${series(1, 'Budget', 20, 'E07B39')}
        <c:marker val="1"/><c:axId val="500000001"/><c:axId val="500000002"/></c:lineChart>
      <c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="low"/><c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>
      <c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="#,##0" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>
    </c:plotArea>
    <c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>
</c:chartSpace>`,
  );
  zip.file(
    'xl/drawings/drawing1.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">
  <xdr:twoCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>32</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>52</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>
    <xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="net_result_chart"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>
      <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>
</xdr:wsDr>`,
  );
  zip.file(
    'xl/drawings/_rels/drawing1.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart1.xml"/></Relationships>`,
  );
  const sheetPath = 'xl/worksheets/sheet1.xml';
  const relsPath = 'xl/worksheets/_rels/sheet1.xml.rels';
  const drawingRel =
    '<Relationship Id="rIdChart1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/>';
  const rels = zip.file(relsPath)
    ? await zip.file(relsPath)!.async('string')
    : '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  zip.file(relsPath, rels.replace('</Relationships>', `${drawingRel}</Relationships>`));
  let sheet = await zip.file(sheetPath)!.async('string');
  if (!sheet.includes('xmlns:r='))
    sheet = sheet.replace('<worksheet ', '<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ');
  // <drawing> sits after pageSetup/headerFooter and before tableParts/extLst.
  const before = ['<legacyDrawing', '<tableParts', '<extLst', '</worksheet>'].map((tag) => sheet.indexOf(tag)).filter((i) => i >= 0);
  const at = Math.min(...before);
  sheet = `${sheet.slice(0, at)}<drawing r:id="rIdChart1"/>${sheet.slice(at)}`;
  zip.file(sheetPath, sheet);
  const types = await zip.file('[Content_Types].xml')!.async('string');
  zip.file(
    '[Content_Types].xml',
    types.replace(
      '</Types>',
      '<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/><Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>',
    ),
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function buildDeck(): Promise<Buffer> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = 'Board pack';
  const navy = '1F3A5F';
  const title = pptx.addSlide();
  title.background = { color: navy };
  title.addText('Board pack: {{entity_name}}', { x: 0.6, y: 2.4, w: 12, h: 1, fontSize: 40, bold: true, color: 'FFFFFF', objectName: 'title' });
  title.addText('Plan year {{plan_year}} · generated from live warehouse data', { x: 0.6, y: 3.5, w: 12, h: 0.6, fontSize: 18, color: 'DDE6F0' });

  const kpis = pptx.addSlide();
  kpis.addText('Net result', { x: 0.6, y: 0.4, w: 12, h: 0.8, fontSize: 28, bold: true, color: navy });
  const box = (x: number, label: string, placeholder: string) => {
    kpis.addShape(pptx.ShapeType.roundRect, { x, y: 1.8, w: 3.8, h: 2.2, fill: { color: 'E8EEF6' }, line: { color: 'E8EEF6' }, rectRadius: 0.1 });
    kpis.addText(label, { x, y: 2.0, w: 3.8, h: 0.5, fontSize: 16, color: '555555', align: 'center' });
    kpis.addText(placeholder, { x, y: 2.6, w: 3.8, h: 1.0, fontSize: 32, bold: true, color: navy, align: 'center' });
  };
  box(0.6, 'Actual', '{{net_actual}}');
  box(4.75, 'Budget', '{{net_budget}}');
  box(8.9, 'Variance', '{{net_variance}}');

  const table = pptx.addSlide();
  table.addText('P&L: actual vs budget', { x: 0.6, y: 0.4, w: 12, h: 0.8, fontSize: 28, bold: true, color: navy });
  const head = ['P&L line', 'Actual', 'Budget', 'Variance'].map((text) => ({ text, options: { bold: true, color: 'FFFFFF', fill: { color: navy } } }));
  const body = LINES.map((line) => [line, '', '', ''].map((text, i) => ({ text, options: { align: i ? 'right' : 'left' } as const })));
  table.addTable([head, ...body], {
    x: 0.6,
    y: 1.4,
    w: 12,
    colW: [5.4, 2.2, 2.2, 2.2],
    fontSize: 16,
    border: { type: 'solid', color: 'CCCCCC', pt: 1 },
    objectName: 'pnl_table',
  });

  const chart = pptx.addSlide();
  chart.addText('Net result by month', { x: 0.6, y: 0.4, w: 12, h: 0.8, fontSize: 28, bold: true, color: navy });
  chart.addChart(
    pptx.ChartType.line,
    [
      { name: 'Actual', labels: MONTHS, values: MONTHS.map(() => 0) },
      { name: 'Budget', labels: MONTHS, values: MONTHS.map(() => 0) },
    ],
    {
      x: 0.6,
      y: 1.3,
      w: 12,
      h: 5.6,
      chartColors: [navy, 'E07B39'],
      showLegend: true,
      legendPos: 'b',
      lineDataSymbol: 'none',
      valAxisLabelFormatCode: '#,##0',
      objectName: 'net_chart',
    },
  );
  return (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
}

writeFileSync(join(OUT, 'management-accounts.xlsx'), await buildWorkbook());
writeFileSync(join(OUT, 'board-deck.pptx'), await buildDeck());
console.log(`Wrote ${OUT}/management-accounts.xlsx and board-deck.pptx`);
