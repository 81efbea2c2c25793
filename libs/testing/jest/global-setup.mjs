import { createTemplate } from './template-database.mjs';

export default createTemplate;
