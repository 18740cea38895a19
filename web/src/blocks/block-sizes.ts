// Skeletons use the same heights as the loaded content, so a page does not jump as blocks arrive
// (and a chart next to a table stays aligned with it).
export const CHART_HEIGHT = 320;
export const KPI_HEIGHT = 62;
