/** Tooltips open on keyboard focus and touch too, not only on mouse hover (Mantine's default). */
export const TOOLTIP_EVENTS = { hover: true, focus: true, touch: true } as const;
