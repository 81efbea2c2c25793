import { dropTemplate } from './template-database.mjs';

export default dropTemplate;
